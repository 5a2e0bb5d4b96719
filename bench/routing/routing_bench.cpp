// SPDX-License-Identifier: Apache-2.0
// Time to route one 900 KB post: ASCII, non-ASCII (full Unicode folding), and a regex near-miss.
#include "bot/core/routing.hpp"

#include <benchmark/benchmark.h>

#include <string>

namespace {

sb::Router make_router() {
    sb::config::RoutingRule keyword;
    keyword.match.keywords = {"Kündigung"};
    keyword.team = "legal";
    keyword.priority = "urgent";
    sb::config::RoutingRule regex;
    regex.match.regex = "refund.*x";
    regex.team = "billing";
    regex.priority = "high";
    return std::move(*sb::Router::create({keyword, regex}, "inbox"));
}

void route_900kb(benchmark::State& state, std::string const& text) {
    auto router = make_router();
    sb::Mention mention;
    mention.source = "meta";
    mention.platform = "facebook";
    mention.text = text;
    for (auto _ : state) {
        auto decision = router.route(mention);
        benchmark::DoNotOptimize(decision);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(text.size()));
}

void route_900kb_ascii(benchmark::State& state) {
    route_900kb(state, "refund" + std::string(900'000, 'a'));
}
BENCHMARK(route_900kb_ascii)->Unit(benchmark::kMillisecond);

void route_900kb_umlauts(benchmark::State& state) {
    std::string text = "refund ";
    while (text.size() < 900'000)
        text += "Grüße aus Köln ";
    route_900kb(state, text);
}
BENCHMARK(route_900kb_umlauts)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
