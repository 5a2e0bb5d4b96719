// SPDX-License-Identifier: Apache-2.0
// Routing rules: first matching rule with a team decides the team; every match may raise priority.
#include "bot/core/routing.hpp"

#include <algorithm>
#include <cctype>

namespace sb {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    // ASCII folding is enough for keywords such as "Kündigung": the umlaut bytes stay as they are
    // and match themselves.
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool contains(std::vector<std::string> const& list, std::string const& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

} // namespace

Result<Router> Router::create(std::vector<config::RoutingRule> const& rules,
                              std::string default_team) {
    Router router;
    router.m_default_team = std::move(default_team);
    for (std::size_t i = 0; i < rules.size(); ++i) {
        CompiledRule compiled{rules[i], std::nullopt};
        if (!rules[i].match.regex.empty()) {
            try {
                compiled.regex =
                    std::regex(rules[i].match.regex, std::regex::ECMAScript | std::regex::icase);
            } catch (std::regex_error const& e) {
                return unexpected(ErrorCode::invalid_argument,
                                  "the regex does not compile: " + std::string(e.what()),
                                  "/routing/" + std::to_string(i) + "/match/regex");
            }
        }
        router.m_rules.push_back(std::move(compiled));
    }
    return router;
}

RouteDecision Router::route(Mention const& mention) const {
    RouteDecision decision;
    bool team_decided = false;
    auto text = lower(mention.text);
    for (auto const& compiled : m_rules) {
        auto const& match = compiled.rule.match;
        std::string why;
        if (!match.sources.empty() && !contains(match.sources, mention.source))
            continue;
        if (!match.platforms.empty() && !contains(match.platforms, mention.platform))
            continue;
        if (!match.languages.empty() && !contains(match.languages, mention.language))
            continue;
        if (!match.kinds.empty() && !contains(match.kinds, to_string(mention.kind)))
            continue;
        if (!match.accounts.empty() && !contains(match.accounts, mention.account))
            continue;
        if (match.max_rating) {
            if (!mention.rating || *mention.rating > *match.max_rating)
                continue;
            why = "rating " + std::to_string(*mention.rating);
        }
        if (!match.keywords.empty()) {
            auto hit = std::find_if(
                match.keywords.begin(), match.keywords.end(),
                [&](std::string const& k) { return text.find(lower(k)) != std::string::npos; });
            if (hit == match.keywords.end())
                continue;
            why = "keyword '" + *hit + "'";
        }
        if (compiled.regex) {
            if (!std::regex_search(mention.text, *compiled.regex))
                continue;
            why = "pattern /" + match.regex + "/";
        }
        if (!match.kinds.empty() && why.empty())
            why = std::string("a ") + to_string(mention.kind);
        if (!compiled.rule.topic.empty() && decision.topic.empty())
            decision.topic = compiled.rule.topic;
        if (!compiled.rule.team.empty() && !team_decided) {
            decision.team = compiled.rule.team;
            team_decided = true;
        }
        if (!compiled.rule.priority.empty()) {
            auto priority = priority_from_string(compiled.rule.priority).value_or(Priority::normal);
            if (priority > decision.priority) {
                decision.priority = priority;
                if (!why.empty())
                    decision.reasons.push_back(why);
            }
        }
    }
    if (!team_decided)
        decision.team = m_default_team;
    return decision;
}

} // namespace sb
