// SPDX-License-Identifier: MIT
#pragma once

#include <stdexcept>

namespace redline::cli {

// A command line that cannot be run as given (missing or conflicting options): exit code 2.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace redline::cli
