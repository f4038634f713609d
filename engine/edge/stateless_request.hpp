#pragma once
// Just enough of a SIP request, read from an untrusted datagram, to answer
// it without a transaction (docs/security.md "Stateless answers"): the
// method, whether the request is in a dialog (a To tag), and the headers a
// response copies (RFC 3261 §8.2.6.2: Via, From, To, Call-ID, CSeq).
// Anything this does not read with certainty (folded or repeated key
// headers, a CSeq that names another method, no blank line) is not parsed:
// the datagram then goes to sofia-sip as before.
//
// Threading: pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ctib::edge {

struct StatelessRequest {
  std::string_view method;
  std::vector<std::string_view> vias;  // each Via header's value, in order
  std::string_view from;
  std::string_view to;
  std::string_view call_id;
  std::string_view cseq;
  bool to_tag = false;  // in a dialog (or a retransmission we answered): not ours
};

// Views into `datagram`, which must outlive the result.
std::optional<StatelessRequest> parse_stateless_request(std::string_view datagram);

struct StatelessAnswer {
  int status = 0;
  std::string_view reason;
  std::string_view extra;  // whole header lines ("Retry-After: 60\r\n"), or empty
};

// The response to `request` from `source_ip`:`source_port`: the top Via gets
// `received` and a filled-in `rport` (RFC 3581), the To a tag that is the
// same for the same request (a retransmission gets the same answer).
std::string stateless_response(const StatelessRequest& request, const StatelessAnswer& answer,
                               std::string_view source_ip, std::uint16_t source_port);

}  // namespace ctib::edge
