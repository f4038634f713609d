#include "engine/causes/hangup_cause.hpp"

#include <gtest/gtest.h>

#include <set>

namespace ctib::causes {
namespace {

// freeswitch-semantics §3.1, copied row by row from the spec: number, name,
// SIP status for an unanswered inbound leg, default-branch marker (480*).
struct Row {
  int number;
  const char* name;
  int sip;
  bool sip_default;
};
const Row kSpecRows[] = {
    {0, "NONE", 480, true},
    {1, "UNALLOCATED_NUMBER", 404, false},
    {2, "NO_ROUTE_TRANSIT_NET", 404, false},
    {3, "NO_ROUTE_DESTINATION", 404, false},
    {6, "CHANNEL_UNACCEPTABLE", 480, true},
    {7, "CALL_AWARDED_DELIVERED", 480, true},
    {16, "NORMAL_CLEARING", 480, true},
    {17, "USER_BUSY", 486, false},
    {18, "NO_USER_RESPONSE", 408, false},
    {19, "NO_ANSWER", 480, false},
    {20, "SUBSCRIBER_ABSENT", 480, false},
    {21, "CALL_REJECTED", 603, false},
    {22, "NUMBER_CHANGED", 410, false},
    {23, "REDIRECTION_TO_NEW_DESTINATION", 410, false},
    {25, "EXCHANGE_ROUTING_ERROR", 483, false},
    {27, "DESTINATION_OUT_OF_ORDER", 502, false},
    {28, "INVALID_NUMBER_FORMAT", 484, false},
    {29, "FACILITY_REJECTED", 501, false},
    {30, "RESPONSE_TO_STATUS_ENQUIRY", 480, true},
    {31, "NORMAL_UNSPECIFIED", 480, false},
    {34, "NORMAL_CIRCUIT_CONGESTION", 503, false},
    {38, "NETWORK_OUT_OF_ORDER", 503, false},
    {41, "NORMAL_TEMPORARY_FAILURE", 503, false},
    {42, "SWITCH_CONGESTION", 503, false},
    {43, "ACCESS_INFO_DISCARDED", 480, true},
    {44, "REQUESTED_CHAN_UNAVAIL", 503, false},
    {45, "PRE_EMPTED", 480, true},
    {50, "FACILITY_NOT_SUBSCRIBED", 480, true},
    {52, "OUTGOING_CALL_BARRED", 403, false},
    {54, "INCOMING_CALL_BARRED", 403, false},
    {57, "BEARERCAPABILITY_NOTAUTH", 403, false},
    {58, "BEARERCAPABILITY_NOTAVAIL", 503, false},
    {63, "SERVICE_UNAVAILABLE", 480, true},
    {65, "BEARERCAPABILITY_NOTIMPL", 488, false},
    {66, "CHAN_NOT_IMPLEMENTED", 480, true},
    {69, "FACILITY_NOT_IMPLEMENTED", 501, false},
    {79, "SERVICE_NOT_IMPLEMENTED", 501, false},
    {81, "INVALID_CALL_REFERENCE", 480, true},
    {88, "INCOMPATIBLE_DESTINATION", 488, false},
    {95, "INVALID_MSG_UNSPECIFIED", 480, true},
    {96, "MANDATORY_IE_MISSING", 480, true},
    {97, "MESSAGE_TYPE_NONEXIST", 480, true},
    {98, "WRONG_MESSAGE", 480, true},
    {99, "IE_NONEXIST", 480, true},
    {100, "INVALID_IE_CONTENTS", 480, true},
    {101, "WRONG_CALL_STATE", 480, true},
    {102, "RECOVERY_ON_TIMER_EXPIRE", 504, false},
    {103, "MANDATORY_IE_LENGTH_ERROR", 480, true},
    {111, "PROTOCOL_ERROR", 480, true},
    {127, "INTERWORKING", 480, true},
    {142, "SUCCESS", 480, true},
    {487, "ORIGINATOR_CANCEL", 487, false},
    {700, "CRASH", 480, true},
    {701, "SYSTEM_SHUTDOWN", 480, true},
    {702, "LOSE_RACE", 480, true},
    {703, "MANAGER_REQUEST", 480, true},
    {800, "BLIND_TRANSFER", 480, true},
    {801, "ATTENDED_TRANSFER", 480, true},
    {802, "ALLOTTED_TIMEOUT", 480, true},
    {803, "USER_CHALLENGE", 480, true},
    {804, "MEDIA_TIMEOUT", 480, true},
    {805, "PICKED_OFF", 480, true},
    {806, "USER_NOT_REGISTERED", 480, true},
    {807, "PROGRESS_TIMEOUT", 480, true},
    {808, "INVALID_GATEWAY", 484, false},
    {809, "GATEWAY_DOWN", 503, false},
    {810, "INVALID_URL", 484, false},
    {811, "INVALID_PROFILE", 502, false},
    {812, "NO_PICKUP", 480, true},
    {813, "SRTP_READ_ERROR", 480, true},
    {814, "BOWOUT", 480, true},
    {815, "BUSY_EVERYWHERE", 600, false},
    {816, "DECLINE", 603, false},
    {817, "DOES_NOT_EXIST_ANYWHERE", 604, false},
    {818, "NOT_ACCEPTABLE", 606, false},
    {819, "UNWANTED", 607, false},
    {820, "NO_IDENTITY", 428, false},
    {821, "BAD_IDENTITY_INFO", 429, false},
    {822, "UNSUPPORTED_CERTIFICATE", 437, false},
    {823, "INVALID_IDENTITY", 438, false},
    {824, "STALE_DATE", 403, false},
    {825, "REJECT_ALL", 603, false},
};

TEST(HangupCause, EveryRowOfTheSpecTableIsPinned) {
  ASSERT_EQ(std::size(kSpecRows), static_cast<size_t>(kCauseCount));
  std::set<int> seen;
  for (const Row& row : kSpecRows) {
    auto cause = from_number(row.number);
    ASSERT_TRUE(cause) << row.name;
    EXPECT_EQ(number(*cause), row.number);
    EXPECT_EQ(name(*cause), row.name);
    EXPECT_EQ(to_sip(*cause), row.sip) << row.name;
    EXPECT_EQ(from_name(row.name), cause);
    EXPECT_EQ(q850(*cause), row.number <= 127 ? row.number : 16) << row.name;
    seen.insert(row.number);
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kCauseCount));
  for (size_t i = 0; i < kCauseTable.size(); ++i) {
    EXPECT_EQ(number(kCauseTable[i].cause), kSpecRows[i].number);
    EXPECT_EQ(kCauseTable[i].sip_is_default, kSpecRows[i].sip_default) << kSpecRows[i].name;
  }
}

// freeswitch-semantics §3.2, every row.
struct SipRow {
  int status;
  int cause;
};
const SipRow kSpecSipRows[] = {
    {200, 16},
    {400, 41},
    {401, 21},
    {402, 21},
    {403, 21},
    {404, 1},
    {405, 63},
    {406, 79},
    {407, 21},
    {408, 102},
    {410, 22},
    {413, 127},
    {414, 127},
    {415, 79},
    {416, 127},
    {420, 127},
    {421, 127},
    {423, 127},
    {428, 820},
    {429, 821},
    {437, 822},
    {438, 823},
    {480, 18},
    {481, 41},
    {482, 25},
    {483, 25},
    {484, 28},
    {485, 3},
    {486, 17},
    {487, 487},
    {488, 88},
    {500, 41},
    {501, 79},
    {502, 38},
    {503, 41},
    {504, 102},
    {505, 127},
    {513, 127},
    {600, 17},
    {603, 21},
    {604, 3},
    {606, 88},
    {607, 819},
    {608, 21},
};

TEST(HangupCause, EverySipToCauseRowIsPinned) {
  for (const SipRow& row : kSpecSipRows) {
    EXPECT_EQ(number(from_sip(row.status)), row.cause) << row.status;
  }
  for (int unlisted : {409, 411, 422, 489, 499, 506, 580, 601, 699, 100, 302}) {
    EXPECT_EQ(from_sip(unlisted), HangupCause::NORMAL_UNSPECIFIED) << unlisted;
  }
}

// The tables are constexpr: usable where a compile-time answer is needed.
static_assert(kCauseTable[0].cause == HangupCause::NONE);
static_assert(kCauseTable[kCauseCount - 1].cause == HangupCause::REJECT_ALL);
static_assert(kCauseTable[7].name == "USER_BUSY" && kCauseTable[7].sip == 486);

TEST(HangupCause, RoundTripOf480GoesTo408AsTheSpecSays) {
  EXPECT_EQ(to_sip(from_sip(480)), 408);
  EXPECT_EQ(to_sip(HangupCause::NORMAL_CLEARING), 480);
}

TEST(HangupCause, OlderNumberingIsAnAlias) {
  EXPECT_EQ(from_number(500), HangupCause::CRASH);
  EXPECT_EQ(from_number(501), HangupCause::SYSTEM_SHUTDOWN);
  EXPECT_EQ(from_number(502), HangupCause::LOSE_RACE);
  EXPECT_EQ(from_number(503), HangupCause::MANAGER_REQUEST);
  EXPECT_EQ(from_number(600), HangupCause::BLIND_TRANSFER);
  EXPECT_EQ(from_number(609), HangupCause::GATEWAY_DOWN);
  EXPECT_EQ(from_number(809), HangupCause::GATEWAY_DOWN);
  EXPECT_EQ(from_number(613), HangupCause::SRTP_READ_ERROR);
  EXPECT_EQ(from_number(487), HangupCause::ORIGINATOR_CANCEL);
  EXPECT_FALSE(from_number(504));
  EXPECT_FALSE(from_number(614));
  EXPECT_FALSE(from_number(826));
  EXPECT_FALSE(from_number(4));
  EXPECT_FALSE(from_number(-1));
}

TEST(HangupCause, ParseIsStrictAndCaseInsensitive) {
  EXPECT_EQ(parse("user_busy"), HangupCause::USER_BUSY);
  EXPECT_EQ(parse("USER_BUSY"), HangupCause::USER_BUSY);
  EXPECT_EQ(parse("17"), HangupCause::USER_BUSY);
  EXPECT_EQ(parse("609"), HangupCause::GATEWAY_DOWN);
  EXPECT_FALSE(parse("USER_BUZY"));
  EXPECT_FALSE(parse("17x"));
  EXPECT_FALSE(parse(""));
  EXPECT_FALSE(parse("999"));
}

TEST(HangupCause, Str2CauseFallsBackToNormalClearing) {
  EXPECT_EQ(str2cause("USER_BUSY"), HangupCause::USER_BUSY);
  EXPECT_EQ(str2cause("no_such_cause"), HangupCause::NORMAL_CLEARING);
  EXPECT_EQ(str2cause(""), HangupCause::NORMAL_CLEARING);
}

TEST(HangupCause, UnknownNumberHasNameUnknown) {
  EXPECT_EQ(name(static_cast<HangupCause>(4)), "UNKNOWN");
  EXPECT_EQ(to_sip(static_cast<HangupCause>(4)), 480);
}

}  // namespace
}  // namespace ctib::causes
