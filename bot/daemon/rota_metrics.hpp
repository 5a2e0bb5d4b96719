// SPDX-License-Identifier: Apache-2.0
// The rota's coming gaps as gauges, so that an alert fires a day before a weekend goes unwatched
// rather than when the first post of it stays unclaimed.
#pragma once

#include "bot/metrics/metrics_registry.hpp"
#include "bot/ports/clock.hpp"
#include "config/config.hpp"

namespace sb {

class RotaService;

// switchboard_rota_gap_next_24h_seconds{team,layer}: the seconds of the next 24 hours in which
// the layer has nobody in a window it covers (absences, overrides and swaps counted), 0 for a
// layer that is covered throughout; read from the rota at each scrape.
void add_rota_metrics(MetricsRegistry& metrics, config::Config const& config,
                      RotaService const& rota, Clock const& clock);

} // namespace sb
