// SPDX-License-Identifier: MIT
// The exception tree for operations that fail as a whole. Per-feature outcomes are values
// (see analysis/result.hpp), not exceptions, so one bad feature never stops a run.
#pragma once

#include <stdexcept>
#include <string>

namespace redline {

// Base of every error Redline throws on purpose. what() is a complete sentence for the user:
// it names the file, layer, feature or JSON path involved.
class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// An input file, layer, field or feature cannot be used as given.
class InputError : public Error {
  public:
    using Error::Error;
};

// A CRS is missing, unknown, or cannot be transformed safely.
class CrsError : public Error {
  public:
    using Error::Error;
};

// GEOS reported an error; the message is GEOS's own, with context added by the caller.
class GeosError : public Error {
  public:
    using Error::Error;
};

// The project or rules JSON is malformed or inconsistent; the message names the JSON path.
class ProjectFileError : public Error {
  public:
    using Error::Error;
};

// An output cannot be written.
class OutputError : public Error {
  public:
    using Error::Error;
};

// The user cancelled the run (Ctrl-C, Cancel button).
class Cancelled : public Error {
  public:
    Cancelled() : Error("cancelled by the user") {}
};

}  // namespace redline
