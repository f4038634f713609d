#include "engine/call/final_response.hpp"

#include <gtest/gtest.h>

namespace ctib::call {
namespace {

using causes::HangupCause;

TEST(FinalResponse, FailureCauseFromTheSipTable) {
  EXPECT_EQ(cause_of_failure(486, std::nullopt, false), HangupCause::USER_BUSY);
  EXPECT_EQ(cause_of_failure(404, std::nullopt, false), HangupCause::UNALLOCATED_NUMBER);
  EXPECT_EQ(cause_of_failure(480, std::nullopt, false), HangupCause::NO_USER_RESPONSE);
}

TEST(FinalResponse, Q850ReasonOverridesUnlessIgnored) {
  EXPECT_EQ(cause_of_failure(503, 17, false), HangupCause::USER_BUSY);
  EXPECT_EQ(cause_of_failure(503, 17, true), HangupCause::NORMAL_TEMPORARY_FAILURE);
  EXPECT_EQ(cause_of_failure(503, 9999, false), HangupCause::NORMAL_TEMPORARY_FAILURE);  // unknown: table
}

TEST(FinalResponse, StackStatusesMeanDestinationOutOfOrder) {
  EXPECT_EQ(cause_of_failure(903, std::nullopt, false), HangupCause::DESTINATION_OUT_OF_ORDER);
  EXPECT_EQ(cause_of_failure(702, 17, false), HangupCause::DESTINATION_OUT_OF_ORDER);
  EXPECT_EQ(cause_of_failure(200, std::nullopt, false), HangupCause::DESTINATION_OUT_OF_ORDER);
}

TEST(FinalResponse, ByeCause) {
  EXPECT_EQ(cause_of_bye(std::nullopt, false), HangupCause::NORMAL_CLEARING);
  EXPECT_EQ(cause_of_bye(41, false), HangupCause::NORMAL_TEMPORARY_FAILURE);
  EXPECT_EQ(cause_of_bye(41, true), HangupCause::NORMAL_CLEARING);
}

TEST(FinalResponse, RefusalStatusPassesTheRemoteStatusThrough) {
  EXPECT_EQ(refusal_status(HangupCause::NO_USER_RESPONSE, 480, false), 480);
  EXPECT_EQ(refusal_status(HangupCause::NO_USER_RESPONSE, 480, true), 408);
  EXPECT_EQ(refusal_status(HangupCause::NO_ANSWER, std::nullopt, false), 480);
  EXPECT_EQ(refusal_status(HangupCause::NORMAL_TEMPORARY_FAILURE, std::nullopt, false), 503);
  EXPECT_EQ(refusal_status(HangupCause::USER_BUSY, 903, false), 486);  // never a stack status
}

TEST(FinalResponse, ReasonHeaderForms) {
  EXPECT_EQ(reason_header(HangupCause::USER_BUSY, false), R"(Q.850;cause=17;text="USER_BUSY")");
  EXPECT_EQ(reason_header(HangupCause::ORIGINATOR_CANCEL, false), R"(SIP;cause=487;text="ORIGINATOR_CANCEL")");
  EXPECT_EQ(reason_header(HangupCause::LOSE_RACE, false), R"(SIP;cause=200;text="Call completed elsewhere")");
  EXPECT_EQ(reason_header(HangupCause::NO_ANSWER, true), "");
}

}  // namespace
}  // namespace ctib::call
