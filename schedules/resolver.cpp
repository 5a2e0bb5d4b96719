// SPDX-License-Identifier: Apache-2.0
// The rota resolver: splits time at every boundary and decides each layer's person per piece.
#include "schedules/resolver.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace sb::schedules {

char const* to_string(AbsenceKind kind) {
    switch (kind) {
    case AbsenceKind::sick:
        return "sick";
    case AbsenceKind::vacation:
        return "vacation";
    case AbsenceKind::other:
        return "other";
    }
    return "other";
}

std::optional<AbsenceKind> absence_kind_from(std::string_view name) {
    for (auto kind : {AbsenceKind::sick, AbsenceKind::vacation, AbsenceKind::other})
        if (name == to_string(kind))
            return kind;
    return std::nullopt;
}

char const* to_string(ShiftUnit unit) {
    switch (unit) {
    case ShiftUnit::hours:
        return "hours";
    case ShiftUnit::days:
        return "days";
    case ShiftUnit::weeks:
        return "weeks";
    case ShiftUnit::spans:
        return "spans";
    }
    return "weeks";
}

char const* to_string(Reason reason) {
    switch (reason) {
    case Reason::rotation:
        return "rotation";
    case Reason::override:
        return "override";
    case Reason::swap:
        return "swap";
    case Reason::substitute:
        return "substitute";
    case Reason::gap:
        return "gap";
    case Reason::off:
        return "off";
    }
    return "off";
}

bool Assignment::same_state(Assignment const& other) const {
    return layer == other.layer && person == other.person && reason == other.reason &&
           substitutes_for == other.substitutes_for && window == other.window && why == other.why &&
           cause == other.cause;
}

namespace {

using std::chrono::days;
using std::chrono::hours;

// Wall-clock times in a DST gap or fold resolve to the earlier instant; one rule everywhere keeps
// consecutive handoffs ordered, so turns never overlap and never leave a hole.
Instant to_instant(date::time_zone const* zone, date::local_seconds local) {
    return zone->to_sys(local, date::choose::earliest);
}

date::local_days local_day(date::time_zone const* zone, Instant at) {
    return date::floor<days>(zone->to_local(at));
}

// Window index 0 is business hours; index i + 1 is coverage window i.
struct Occurrence {
    std::size_t window = 0;
    Instant start{};
    Instant end{};
};

bool has_day(std::vector<date::weekday> const& days_list, date::weekday day) {
    return std::find(days_list.begin(), days_list.end(), day) != days_list.end();
}

// Longest a single occurrence can last: a full-day window on a 25-hour day, plus margin.
constexpr auto max_occurrence = hours(26);

std::vector<Occurrence> occurrences(RotaInputs const& inputs,
                                    std::vector<date::local_days> const& holidays, Instant from,
                                    Instant to) {
    std::vector<Occurrence> out;
    auto const* zone = inputs.team.zone;
    if (zone == nullptr || to <= from)
        return out;
    auto add = [&](std::size_t index, date::local_days day, LocalTime start, LocalTime end) {
        auto local_start = date::local_seconds(day) + start;
        auto local_end = end <= start ? date::local_seconds(day + days(1)) + end
                                      : date::local_seconds(day) + end;
        Occurrence occurrence{index, to_instant(zone, local_start), to_instant(zone, local_end)};
        if (occurrence.end > occurrence.start && occurrence.end > from && occurrence.start < to)
            out.push_back(occurrence);
    };
    auto first = local_day(zone, from) - days(2);
    auto last = local_day(zone, to) + days(1);
    for (auto day = first; day <= last; day += days(1)) {
        bool holiday = std::binary_search(holidays.begin(), holidays.end(), day);
        date::weekday weekday{day};
        auto const& business = inputs.team.business_hours;
        if (!holiday && has_day(business.days, weekday))
            add(0, day, business.start, business.end);
        for (std::size_t i = 0; i < inputs.team.windows.size(); ++i) {
            auto const& window = inputs.team.windows[i];
            bool applies = holiday ? window.holidays : has_day(window.days, weekday);
            if (applies)
                add(i + 1, day, window.start, window.end);
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](Occurrence const& a, Occurrence const& b) { return a.start < b.start; });
    return out;
}

std::vector<date::local_days> holiday_days(RotaInputs const& inputs) {
    std::vector<date::local_days> out;
    out.reserve(inputs.holidays.size());
    for (auto const& holiday : inputs.holidays)
        out.push_back(date::local_days(holiday.date));
    std::sort(out.begin(), out.end());
    return out;
}

std::string window_name(RotaInputs const& inputs, std::size_t index) {
    return index == 0 ? std::string(business_hours_window) : inputs.team.windows[index - 1].name;
}

struct Interval {
    Instant start{};
    Instant end{};
    AbsenceKind kind = AbsenceKind::other;
};

struct Evaluation {
    std::optional<std::string> person;
    Reason reason = Reason::gap;
    std::string substitutes_for;
    std::string why;
    GapWhy cause = {};
};

// Everything one query needs, restricted to the entries that touch its range.
class Context {
public:
    Context(RotaInputs const& inputs, Instant from, Instant to)
        : m_inputs(inputs), m_from(from), m_to(to), m_holidays(holiday_days(inputs)) {
        m_occurrences = occurrences(inputs, m_holidays, from, to);
        for (auto const& absence : inputs.absences)
            if (absence.end > from && absence.start < to && absence.end > absence.start)
                m_absences[absence.person].push_back({absence.start, absence.end, absence.kind});
        for (auto& [person, list] : m_absences)
            std::sort(list.begin(), list.end(),
                      [](Interval const& a, Interval const& b) { return a.start < b.start; });
        m_layers.resize(inputs.layers.size());
        for (std::size_t l = 0; l < inputs.layers.size(); ++l) {
            auto const& layer = inputs.layers[l];
            auto& state = m_layers[l];
            state.covers.assign(inputs.team.windows.size() + 1, layer.windows.empty());
            for (auto const& name : layer.windows) {
                if (name == business_hours_window)
                    state.covers[0] = true;
                for (std::size_t i = 0; i < inputs.team.windows.size(); ++i)
                    if (inputs.team.windows[i].name == name)
                        state.covers[i + 1] = true;
            }
            for (auto const& entry : inputs.overrides)
                if (entry.layer == layer.name && entry.end > from && entry.start < to)
                    state.overrides.push_back(&entry);
            for (auto const& entry : inputs.swaps)
                if (entry.layer == layer.name && entry.end > from && entry.start < to)
                    state.swaps.push_back(&entry);
            if (layer.unit == ShiftUnit::spans)
                build_spans(l);
        }
    }

    RotaInputs const& inputs() const { return m_inputs; }

    std::vector<Instant> boundaries() const {
        std::vector<Instant> out{m_from, m_to};
        for (auto const& occurrence : m_occurrences) {
            out.push_back(occurrence.start);
            out.push_back(occurrence.end);
        }
        for (auto const& [person, list] : m_absences)
            for (auto const& interval : list) {
                out.push_back(interval.start);
                out.push_back(interval.end);
            }
        for (std::size_t l = 0; l < m_layers.size(); ++l) {
            for (auto const* entry : m_layers[l].overrides) {
                out.push_back(entry->start);
                out.push_back(entry->end);
            }
            for (auto const* entry : m_layers[l].swaps) {
                out.push_back(entry->start);
                out.push_back(entry->end);
            }
            auto const& layer = m_inputs.layers[l];
            if (layer.unit == ShiftUnit::spans || m_inputs.team.zone == nullptr)
                continue;
            auto first = turn_index(layer, m_from);
            auto last = turn_index(layer, m_to);
            for (auto k = std::max<long long>(first, 0); k <= last + 1; ++k)
                out.push_back(turn_start(layer, k));
        }
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        out.erase(std::remove_if(out.begin(), out.end(),
                                 [&](Instant at) { return at < m_from || at > m_to; }),
                  out.end());
        return out;
    }

    // The first window (in priority order) active at `at` that the layer covers, or any window
    // when layer is nullopt.
    std::optional<std::size_t> window_at(Instant at, std::optional<std::size_t> layer) const {
        auto begin = std::lower_bound(
            m_occurrences.begin(), m_occurrences.end(), at - max_occurrence,
            [](Occurrence const& occurrence, Instant value) { return occurrence.start < value; });
        std::optional<std::size_t> best;
        for (auto it = begin; it != m_occurrences.end() && it->start <= at; ++it) {
            if (at >= it->end)
                continue;
            if (layer && !m_layers[*layer].covers[it->window])
                continue;
            if (!best || it->window < *best)
                best = it->window;
        }
        return best;
    }

    Interval const* absence_at(std::string const& person, Instant at) const {
        auto found = m_absences.find(person);
        if (found == m_absences.end())
            return nullptr;
        for (auto const& interval : found->second) {
            if (interval.start > at)
                break;
            if (at < interval.end)
                return &interval;
        }
        return nullptr;
    }

    Evaluation evaluate(std::size_t layer_index, Instant at, int depth = 0) const {
        auto const& layer = m_inputs.layers[layer_index];
        auto const& state = m_layers[layer_index];
        // The most recent override wins; one whose person is absent gives way to the next.
        for (auto it = state.overrides.rbegin(); it != state.overrides.rend(); ++it) {
            auto const* entry = *it;
            if (entry->start <= at && at < entry->end && !absence_at(entry->person, at))
                return {entry->person, Reason::override, {}, {}, {}};
        }
        if (layer.members.empty())
            return {
                std::nullopt, Reason::gap, {}, "the layer has no members", {GapCause::no_members}};
        auto turn = scheduled_turn(layer_index, at);
        if (!turn)
            return {std::nullopt,
                    Reason::gap,
                    {},
                    "the rotation has not started yet",
                    {GapCause::not_started}};
        auto const members = static_cast<long long>(layer.members.size());
        auto const& scheduled = layer.members[static_cast<std::size_t>(*turn % members)];
        for (auto it = state.swaps.rbegin(); it != state.swaps.rend(); ++it) {
            auto const* entry = *it;
            if (entry->start <= at && at < entry->end && entry->from_person == scheduled &&
                !absence_at(entry->to_person, at))
                return {entry->to_person, Reason::swap, scheduled, {}, {}};
        }
        auto const* absence = absence_at(scheduled, at);
        if (!absence)
            return {scheduled, Reason::rotation, {}, {}, {}};
        auto absent_why = scheduled + " is absent (" + to_string(absence->kind) + ")";
        auto absent_cause = [&] {
            return GapWhy{
                GapCause::absent,          scheduled, absence->kind, layer.substitution.kind,
                layer.substitution.target, {}};
        };
        switch (layer.substitution.kind) {
        case SubstitutionKind::next:
            for (long long step = 1; step < members; ++step) {
                auto const& candidate =
                    layer.members[static_cast<std::size_t>((*turn + step) % members)];
                if (candidate != scheduled && !absence_at(candidate, at))
                    return {candidate, Reason::substitute, scheduled, {}, {}};
            }
            return {std::nullopt,
                    Reason::gap,
                    {},
                    absent_why + " and no other member of the rotation is available",
                    absent_cause()};
        case SubstitutionKind::deputy:
            if (!absence_at(layer.substitution.target, at))
                return {layer.substitution.target, Reason::substitute, scheduled, {}, {}};
            return {std::nullopt,
                    Reason::gap,
                    {},
                    absent_why + " and the deputy " + layer.substitution.target + " is absent too",
                    absent_cause()};
        case SubstitutionKind::layer: {
            auto other = layer_by_name(layer.substitution.target);
            // Depth bounds layers that name each other as substitutes.
            if (other && *other != layer_index && depth < 4) {
                auto result = evaluate(*other, at, depth + 1);
                if (result.person && *result.person != scheduled)
                    return {result.person, Reason::substitute, scheduled, {}, {}};
            }
            return {std::nullopt,
                    Reason::gap,
                    {},
                    absent_why + " and layer " + layer.substitution.target + " has nobody to lend",
                    absent_cause()};
        }
        case SubstitutionKind::none:
            break;
        }
        return {std::nullopt,
                Reason::gap,
                {},
                absent_why + " and the layer has no substitute",
                absent_cause()};
    }

    std::optional<std::size_t> layer_by_name(std::string const& name) const {
        for (std::size_t l = 0; l < m_inputs.layers.size(); ++l)
            if (m_inputs.layers[l].name == name)
                return l;
        return std::nullopt;
    }

private:
    struct LayerState {
        std::vector<bool> covers;
        std::vector<Override const*> overrides;
        std::vector<Swap const*> swaps;
        std::vector<std::pair<Instant, Instant>> spans; // spans mode: merged covered spans
    };

    static date::local_seconds anchor(LayerModel const& layer) {
        auto day = layer.start_date;
        if (layer.unit == ShiftUnit::weeks)
            day += layer.handoff_day - date::weekday{day};
        return date::local_seconds(day) + layer.handoff_time;
    }

    static std::chrono::seconds turn_length(LayerModel const& layer) {
        auto length = std::max(layer.length, 1);
        switch (layer.unit) {
        case ShiftUnit::hours:
            return hours(length);
        case ShiftUnit::days:
            return days(length);
        case ShiftUnit::weeks:
        case ShiftUnit::spans:
            return days(7 * length);
        }
        return days(7 * length);
    }

    // Handoffs are wall-clock times: adding whole days in local time, then converting, makes the
    // turn holding a spring-forward night an hour shorter and an autumn one an hour longer.
    Instant turn_start(LayerModel const& layer, long long k) const {
        return to_instant(m_inputs.team.zone, anchor(layer) + k * turn_length(layer));
    }

    long long turn_index(LayerModel const& layer, Instant at) const {
        auto local = m_inputs.team.zone->to_local(at);
        auto offset = (local - anchor(layer)).count();
        auto length = turn_length(layer).count();
        auto k = offset >= 0 ? offset / length : -((-offset + length - 1) / length);
        // The local estimate can be off by one inside a DST fold; the instants decide.
        while (turn_start(layer, k + 1) <= at)
            ++k;
        while (turn_start(layer, k) > at)
            --k;
        return k;
    }

    void build_spans(std::size_t layer_index) {
        auto const& layer = m_inputs.layers[layer_index];
        auto& state = m_layers[layer_index];
        if (m_inputs.team.zone == nullptr)
            return;
        auto begin = to_instant(m_inputs.team.zone, date::local_seconds(layer.start_date));
        if (begin >= m_to)
            return;
        for (auto const& occurrence :
             occurrences(m_inputs, m_holidays, begin, m_to + max_occurrence)) {
            if (!state.covers[occurrence.window])
                continue;
            if (!state.spans.empty() && occurrence.start <= state.spans.back().second)
                state.spans.back().second = std::max(state.spans.back().second, occurrence.end);
            else
                state.spans.emplace_back(occurrence.start, occurrence.end);
        }
        // A span already running at the start date belongs to before the rotation.
        if (!state.spans.empty() && state.spans.front().first < begin)
            state.spans.erase(state.spans.begin());
    }

    std::optional<long long> scheduled_turn(std::size_t layer_index, Instant at) const {
        auto const& layer = m_inputs.layers[layer_index];
        if (m_inputs.team.zone == nullptr)
            return std::nullopt;
        if (layer.unit != ShiftUnit::spans) {
            auto k = turn_index(layer, at);
            if (k < 0)
                return std::nullopt;
            return k;
        }
        auto const& spans = m_layers[layer_index].spans;
        auto it = std::upper_bound(spans.begin(), spans.end(), at,
                                   [](Instant value, std::pair<Instant, Instant> const& span) {
                                       return value < span.first;
                                   });
        if (it == spans.begin())
            return std::nullopt;
        --it;
        if (at >= it->second)
            return std::nullopt;
        return static_cast<long long>(it - spans.begin()) / std::max(layer.length, 1);
    }

    RotaInputs const& m_inputs;
    Instant m_from;
    Instant m_to;
    std::vector<date::local_days> m_holidays;
    std::vector<Occurrence> m_occurrences;
    std::map<std::string, std::vector<Interval>> m_absences;
    std::vector<LayerState> m_layers;
};

} // namespace

Result<void> validate(RotaInputs const& inputs) {
    auto context = "team " + inputs.team.id;
    if (inputs.team.zone == nullptr)
        return unexpected(ErrorCode::invalid_argument, "the team has no time zone", context);
    std::set<std::string> window_names{business_hours_window};
    for (auto const& window : inputs.team.windows) {
        if (!window_names.insert(window.name).second)
            return unexpected(ErrorCode::invalid_argument,
                              "window name '" + window.name + "' is used twice", context);
        if (window.start.count() < 0 || window.start.count() > 1440 || window.end.count() < 0 ||
            window.end.count() > 1440)
            return unexpected(ErrorCode::invalid_argument,
                              "window '" + window.name + "' has a time outside 00:00-24:00",
                              context);
    }
    std::set<std::string> layer_names;
    for (auto const& layer : inputs.layers)
        layer_names.insert(layer.name);
    for (auto const& layer : inputs.layers) {
        auto where = context + ", layer " + layer.name;
        if (layer.length < 1)
            return unexpected(ErrorCode::invalid_argument, "the shift length must be at least 1",
                              where);
        for (auto const& name : layer.windows)
            if (!window_names.count(name))
                return unexpected(ErrorCode::invalid_argument, "unknown window '" + name + "'",
                                  where);
        if (layer.substitution.kind == SubstitutionKind::layer &&
            (!layer_names.count(layer.substitution.target) ||
             layer.substitution.target == layer.name))
            return unexpected(
                ErrorCode::invalid_argument,
                "substitution names unknown layer '" + layer.substitution.target + "'", where);
        if (layer.substitution.kind == SubstitutionKind::deputy &&
            layer.substitution.target.empty())
            return unexpected(ErrorCode::invalid_argument, "the deputy is not named", where);
    }
    return {};
}

std::vector<WindowOccurrence> window_occurrences(RotaInputs const& inputs, Instant from,
                                                 Instant to) {
    std::vector<WindowOccurrence> out;
    for (auto const& occurrence : occurrences(inputs, holiday_days(inputs), from, to))
        out.push_back({window_name(inputs, occurrence.window), occurrence.start, occurrence.end});
    return out;
}

std::optional<std::string> window_at(RotaInputs const& inputs, Instant at) {
    Context context(inputs, at, at + std::chrono::seconds(1));
    auto index = context.window_at(at, std::nullopt);
    if (!index)
        return std::nullopt;
    return window_name(inputs, *index);
}

std::vector<WindowSpan> window_timeline(RotaInputs const& inputs, Instant from, Instant to) {
    std::vector<WindowSpan> out;
    if (to <= from || inputs.team.zone == nullptr)
        return out;
    Context context(inputs, from, to);
    auto cuts = context.boundaries();
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        std::optional<std::string> window;
        if (auto index = context.window_at(cuts[i], std::nullopt))
            window = window_name(inputs, *index);
        if (!out.empty() && out.back().window == window)
            out.back().end = cuts[i + 1];
        else
            out.push_back({std::move(window), cuts[i], cuts[i + 1]});
    }
    return out;
}

std::vector<std::vector<Assignment>> resolve_timeline(RotaInputs const& inputs, Instant from,
                                                      Instant to) {
    std::vector<std::vector<Assignment>> out(inputs.layers.size());
    if (to <= from || inputs.team.zone == nullptr)
        return out;
    Context context(inputs, from, to);
    auto cuts = context.boundaries();
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        auto start = cuts[i];
        auto end = cuts[i + 1];
        for (std::size_t l = 0; l < inputs.layers.size(); ++l) {
            Assignment piece;
            piece.layer = inputs.layers[l].name;
            piece.start = start;
            piece.end = end;
            if (auto window = context.window_at(start, l)) {
                piece.window = window_name(inputs, *window);
                auto evaluation = context.evaluate(l, start);
                piece.person = std::move(evaluation.person);
                piece.reason = evaluation.reason;
                piece.substitutes_for = std::move(evaluation.substitutes_for);
                piece.why = std::move(evaluation.why);
                piece.cause = std::move(evaluation.cause);
            }
            auto& list = out[l];
            if (!list.empty() && list.back().end == start && list.back().same_state(piece))
                list.back().end = end;
            else
                list.push_back(std::move(piece));
        }
    }
    return out;
}

std::vector<Assignment> resolve_rota(RotaInputs const& inputs, Instant from, Instant to) {
    std::vector<std::pair<std::size_t, Assignment>> ordered;
    auto timeline = resolve_timeline(inputs, from, to);
    for (std::size_t l = 0; l < timeline.size(); ++l)
        for (auto& piece : timeline[l])
            if (piece.reason != Reason::off)
                ordered.emplace_back(l, std::move(piece));
    std::stable_sort(ordered.begin(), ordered.end(), [](auto const& a, auto const& b) {
        return a.second.start != b.second.start ? a.second.start < b.second.start
                                                : a.first < b.first;
    });
    std::vector<Assignment> out;
    out.reserve(ordered.size());
    for (auto& entry : ordered)
        out.push_back(std::move(entry.second));
    return out;
}

std::vector<Gap> find_gaps(RotaInputs const& inputs, Instant from, Instant to) {
    std::vector<Gap> out;
    for (auto& piece : resolve_rota(inputs, from, to))
        if (piece.reason == Reason::gap)
            out.push_back({piece.layer, piece.window.value_or(""), piece.start, piece.end,
                           piece.why, piece.cause});
    return out;
}

std::vector<Gap> find_double_duty(RotaInputs const& inputs, Instant from, Instant to) {
    std::vector<Gap> out;
    std::vector<Assignment> staffed;
    for (auto& piece : resolve_rota(inputs, from, to))
        if (piece.person)
            staffed.push_back(std::move(piece));
    // One person holding two layers at once leaves the later layer without a second pair of
    // hands (a substitute, an override or a swap can cause it), so it is reported as a gap.
    std::stable_sort(staffed.begin(), staffed.end(), [](Assignment const& a, Assignment const& b) {
        return std::tie(*a.person, a.start) < std::tie(*b.person, b.start);
    });
    for (std::size_t i = 0; i < staffed.size(); ++i) {
        for (std::size_t j = i + 1;
             j < staffed.size() && *staffed[j].person == *staffed[i].person &&
             staffed[j].start < staffed[i].end;
             ++j) {
            if (staffed[j].layer == staffed[i].layer)
                continue;
            auto const& first = staffed[i];
            auto const& second = staffed[j];
            out.push_back(
                {second.layer, second.window.value_or(""), std::max(first.start, second.start),
                 std::min(first.end, second.end),
                 *first.person + " is on " + first.layer + " and " + second.layer + " at once",
                 GapWhy{GapCause::double_duty,
                        *first.person,
                        AbsenceKind::other,
                        SubstitutionKind::none,
                        {},
                        first.layer}});
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](Gap const& a, Gap const& b) { return a.start < b.start; });
    return out;
}

OnCall who_is_on_call(RotaInputs const& inputs, Instant at) {
    OnCall answer;
    answer.window = window_at(inputs, at);
    // Look around `at` and widen until every layer's span ends inside the range, so the reported
    // start and end are the whole assignment and not an edge of the search.
    constexpr auto longest = days(400);
    for (auto reach = std::chrono::duration_cast<std::chrono::seconds>(days(2));; reach *= 4) {
        auto timeline = resolve_timeline(inputs, at - reach, at + reach);
        answer.layers.clear();
        bool complete = true;
        for (auto& list : timeline)
            for (auto& piece : list)
                if (piece.start <= at && at < piece.end) {
                    complete = complete && piece.start > at - reach && piece.end < at + reach;
                    answer.layers.push_back(std::move(piece));
                    break;
                }
        if (complete || reach >= longest)
            break;
    }
    return answer;
}

std::optional<Instant> next_covered(RotaInputs const& inputs, Instant after) {
    auto holidays = holiday_days(inputs);
    for (auto begin = after; begin < after + days(3 * 366); begin += days(31)) {
        std::optional<Instant> best;
        for (auto const& occurrence : occurrences(inputs, holidays, begin, begin + days(31))) {
            if (occurrence.end <= after)
                continue;
            auto candidate = std::max(occurrence.start, after);
            if (!best || candidate < *best)
                best = candidate;
        }
        if (best)
            return best;
    }
    return std::nullopt;
}

} // namespace sb::schedules
