// SPDX-License-Identifier: Apache-2.0
// Routing rules: first matching rule with a team decides the team; every match may raise priority.
#include "bot/core/routing.hpp"

#include "base/say.hpp"

#include <algorithm>

namespace sb {
namespace {

bool contains(std::vector<std::string> const& list, std::string const& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

} // namespace

Result<Router> Router::create(std::vector<config::RoutingRule> const& rules,
                              std::string default_team) {
    Router router;
    router.m_default_team = std::move(default_team);
    for (std::size_t i = 0; i < rules.size(); ++i) {
        CompiledRule compiled{rules[i], std::nullopt, {}};
        if (!rules[i].match.regex.empty()) {
            auto pattern = Pattern::compile(rules[i].match.regex);
            if (!pattern)
                return unexpected(ErrorCode::invalid_argument, pattern.error().message,
                                  "/routing/" + std::to_string(i) + "/match/regex");
            compiled.regex = std::move(*pattern);
        }
        for (auto const& keyword : rules[i].match.keywords)
            compiled.folded_keywords.push_back(fold_text(keyword));
        router.m_rules.push_back(std::move(compiled));
    }
    return router;
}

std::string RouteReason::text(Language language) const {
    return say(language, words, field);
}

RouteDecision Router::route(Mention const& mention) const {
    RouteDecision decision;
    bool team_decided = false;
    // Folded once per item; keyword search is then a plain substring search, linear in practice.
    std::optional<std::string> folded;
    for (auto const& compiled : m_rules) {
        auto const& match = compiled.rule.match;
        RouteReason why;
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
            why = {"rating {0}", std::to_string(*mention.rating)};
        }
        if (!match.keywords.empty()) {
            if (!folded)
                folded = fold_text(mention.text);
            auto const& keys = compiled.folded_keywords;
            auto hit = std::find_if(keys.begin(), keys.end(), [&](std::string const& k) {
                return folded->find(k) != std::string::npos;
            });
            if (hit == keys.end())
                continue;
            why = {"keyword '{0}'", match.keywords[static_cast<std::size_t>(hit - keys.begin())]};
        }
        if (compiled.regex) {
            if (!compiled.regex->search(mention.text))
                continue;
            why = {"pattern /{0}/", match.regex};
        }
        if (!match.kinds.empty() && why.words.empty())
            why = {std::string("a ") + to_string(mention.kind), {}};
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
                if (!why.words.empty())
                    decision.reasons.push_back(why);
            }
        }
    }
    if (!team_decided)
        decision.team = m_default_team;
    return decision;
}

} // namespace sb
