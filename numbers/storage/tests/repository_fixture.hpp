#pragma once
// Shared fixture of the repository suite.

#include <gtest/gtest.h>

#include <memory>

#include "numbers/storage/tests/test_backend.hpp"

namespace ctib::numbers::storage::testing {

class NumbersRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override { backend_ = std::make_unique<TestBackend>(now_); }
  void TearDown() override { backend_.reset(); }

  Repository& repo() { return backend_->repository(); }

  void add_number(const std::string& number, const std::string& area,
                  model::NumberState state = model::NumberState::available) {
    auto s = repo().begin(SessionKind::bindings);
    s->insert_number({number, "gw-" + area, area, state, now_, now_, "as imported " + number});
    s->commit();
  }

  model::Binding binding(std::string id, model::Mode mode, std::string a, std::string b, std::string x,
                         model::Instant expires) const {
    model::Binding out;
    out.id = std::move(id);
    out.mode = mode;
    out.a = std::move(a);
    out.b = std::move(b);
    out.x = std::move(x);
    out.expires_at = expires;
    out.created_at = now_;
    out.updated_at = now_;
    return out;
  }

  void insert(const model::Binding& b) {
    auto s = repo().begin(SessionKind::bindings);
    s->insert_binding(b);
    s->commit();
  }

  model::Instant now_ = model::from_epoch(1'700'000'000);
  std::unique_ptr<TestBackend> backend_;
};

}  // namespace ctib::numbers::storage::testing
