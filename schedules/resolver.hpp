// SPDX-License-Identifier: Apache-2.0
// Who is on call, the resolved rota over a range, its gaps and the next covered instant.
#pragma once

#include "base/result.hpp"
#include "schedules/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sb::schedules {

enum class Reason {
    rotation,   // the scheduled member of the rotation
    override,   // an explicit override
    swap,       // a swap: to_person covers for the scheduled from_person
    substitute, // the scheduled person is absent; substitution picked someone
    gap,        // a covered window with nobody available
    off,        // outside every window the layer covers: nobody is expected
};

char const* to_string(Reason reason);

// Why a layer has nobody, as data, so a caller can say it in its own words; `why` beside it says
// the same in English for the CLI and the API.
enum class GapCause {
    none,        // not a gap
    no_members,  // the layer has no members
    not_started, // the rotation has not started yet
    absent,      // `person` is absent and `substitution` found nobody
    double_duty, // `person` holds `other_layer` and this layer at once
};

struct GapWhy {
    GapCause cause = GapCause::none;
    std::string person = {};
    AbsenceKind absence = AbsenceKind::other;
    // For absent: the substitution that failed, and the deputy or layer it names.
    SubstitutionKind substitution = SubstitutionKind::none;
    std::string target = {};
    std::string other_layer = {};

    bool operator==(GapWhy const&) const = default;
};

// One layer's state over [start, end).
struct Assignment {
    std::string layer;
    std::optional<std::string> person; // nullopt for gap and off
    Reason reason = Reason::off;
    std::string substitutes_for;       // the scheduled person, for substitute and swap
    std::optional<std::string> window; // the covered window, nullopt when off
    Instant start{};
    Instant end{};
    std::string why; // for gaps: why nobody is available
    GapWhy cause;

    bool same_state(Assignment const& other) const;
};

struct OnCall {
    // "business_hours", a coverage window's name, or nullopt outside every window.
    std::optional<std::string> window;
    std::vector<Assignment> layers; // one per layer, in layer order, with unclipped spans
};

struct Gap {
    std::string layer;
    std::string window;
    Instant start{};
    Instant end{};
    std::string why;
    GapWhy cause;
};

struct WindowOccurrence {
    std::string window; // "business_hours" or a coverage window's name
    Instant start{};
    Instant end{};
};

// Checks what the resolver relies on: a zone, known window and layer names, sane lengths.
Result<void> validate(RotaInputs const& inputs);

// Every occurrence of business hours and coverage windows overlapping [from, to), by start.
std::vector<WindowOccurrence> window_occurrences(RotaInputs const& inputs, Instant from,
                                                 Instant to);

// The window at `at` ("business_hours" wins, then coverage windows in their listed order).
std::optional<std::string> window_at(RotaInputs const& inputs, Instant at);

// Per layer, inside a window it covers: the most recent override, else a swap taking the
// scheduled person's place, else the scheduled person, else the layer's substitution; a layer
// outside its windows is off. Spans are whole assignments, found by looking up to 400 days
// around `at`.
OnCall who_is_on_call(RotaInputs const& inputs, Instant at);

// The first instant at or after `after` inside business hours or any coverage window; nullopt
// when nothing is covered within the next three years.
std::optional<Instant> next_covered(RotaInputs const& inputs, Instant after);

// The window in force (window_at) over [from, to) as contiguous spans, clipped to the range.
struct WindowSpan {
    std::optional<std::string> window; // nullopt outside every window
    Instant start{};
    Instant end{};
};
std::vector<WindowSpan> window_timeline(RotaInputs const& inputs, Instant from, Instant to);

// Per layer, the state over [from, to) including off spans; contiguous, clipped to the range.
std::vector<std::vector<Assignment>> resolve_timeline(RotaInputs const& inputs, Instant from,
                                                      Instant to);

// Covered spans only (people and gaps), sorted by start then layer order, clipped to the range.
std::vector<Assignment> resolve_rota(RotaInputs const& inputs, Instant from, Instant to);

// Spans of covered windows where a layer has nobody, sorted by start then layer order.
std::vector<Gap> find_gaps(RotaInputs const& inputs, Instant from, Instant to);

// Spans where one person holds two layers at once (a substitute, override or swap can cause
// it): the later layer has no second pair of hands. Reported beside the gaps.
std::vector<Gap> find_double_duty(RotaInputs const& inputs, Instant from, Instant to);

} // namespace sb::schedules
