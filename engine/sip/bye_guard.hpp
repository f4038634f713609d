#pragma once
// A BYE that fails at once must not shut its session down again.
//
// sofia-sip (1.12.11, Debian 12) answers a BYE's failure by shutting the
// session usage down "gracefully" (nua_base_client_response, an internal
// error or a 408/503), and shutting a session down that is still up sends
// a BYE (nua_session_usage_shutdown). When the BYE fails while it is being
// created — nothing can be sent to the peer's Contact: a route the
// transport layer refuses at once — the failure is handled inside the
// creation, the session is still up, so the shutdown creates another BYE,
// which fails at once... recursion until the stack overflows. A caller that
// sends an INVITE with such a Contact (or Record-Route) and never ACKs the
// 200 crashed the engine at the ACK timeout (found by bench/ fuzzsoak).
//
// The engine defines nua_client_create and nua_dialog_usage_shutdown
// itself (bye_guard.cpp), as it defines su_duration (decision 0004):
// libsofia calls both through its PLT. While a BYE is being created on a
// handle, a shutdown of that handle's dialog usages does nothing: the BYE
// creation then reports its failure to its caller, which ends the session
// (the ACK timeout reports it terminated; a shutdown removes the usage; a
// BYE the application sent reports 900 and the leg releases its handle).
//
// Threading: the loop thread (the one running sofia).

namespace ctib::sip {

// Whether libsofia, as the loader resolved it, calls the engine's guard
// (false with a static or -Bsymbolic sofia). Calling it also keeps
// bye_guard.cpp in the link.
bool bye_guard_linked() noexcept;

// How many recursive shutdowns the guard has cut (for the log and tests).
unsigned long bye_guard_cuts() noexcept;

}  // namespace ctib::sip
