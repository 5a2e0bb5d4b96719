// SPDX-License-Identifier: Apache-2.0
#include "bot/daemon/rota_metrics.hpp"

#include "bot/core/rota_service.hpp"
#include "schedules/resolver.hpp"

#include <chrono>
#include <map>
#include <string>

namespace sb {
namespace {

// The horizon is in the metric's name: a longer one would be another metric.
constexpr std::chrono::hours rota_gap_horizon{24};

} // namespace

void add_rota_metrics(MetricsRegistry& metrics, config::Config const& config,
                      RotaService const& rota, Clock const& clock) {
    metrics.add_collector([&config, &rota, &clock](MetricsRegistry& scrape) {
        auto const from = clock.now();
        auto const to = from + rota_gap_horizon;
        for (auto const& [team, settings] : config.teams) {
            auto const* inputs = rota.rota().inputs(team);
            if (inputs == nullptr)
                continue;
            // Every layer appears, so that an alert on "> 0" also sees the layers at 0.
            std::map<std::string, std::chrono::seconds> uncovered;
            for (auto const& layer : inputs->layers)
                uncovered[layer.name] = std::chrono::seconds(0);
            for (auto const& gap : schedules::find_gaps(*inputs, from, to))
                uncovered[gap.layer] += gap.end - gap.start;
            for (auto const& [layer, seconds] : uncovered)
                scrape
                    .gauge("switchboard_rota_gap_next_24h_seconds",
                           "Seconds of the next 24 hours in which the layer has nobody on call "
                           "in a window it covers",
                           {{"team", team}, {"layer", layer}})
                    .set(static_cast<double>(seconds.count()));
        }
    });
}

} // namespace sb
