// SPDX-License-Identifier: Apache-2.0
// The check-config command: validates a config file and prints every problem found.
#include "config/check_config.hpp"

#include "config/config.hpp"
#include "config/plugin_catalog.hpp"

#include <nlohmann/json.hpp>

namespace sb::config {

namespace {

int report(LoadResult const& result, std::string const& path, bool json, std::ostream& out) {
    bool ok = result.errors.empty();
    if (json) {
        nlohmann::json report{
            {"ok", ok}, {"errors", nlohmann::json::array()}, {"warnings", nlohmann::json::array()}};
        for (auto const& [key, list] :
             {std::pair{"errors", &result.errors}, std::pair{"warnings", &result.warnings}})
            for (auto const& error : *list)
                report[key].push_back({{"file", error.file},
                                       {"line", error.line},
                                       {"path", error.path},
                                       {"message", error.message}});
        if (ok) {
            report["people"] = result.config->people.size();
            report["teams"] = result.config->teams.size();
            report["sources"] = result.config->sources.size();
        }
        // Replacing invalid UTF-8 keeps the report printable when the file itself is not UTF-8.
        out << report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        return ok ? 0 : 1;
    }
    // Warnings come first and never change the exit code: the config works, with a risk.
    for (auto const& warning : result.warnings)
        out << "warning: " << warning.to_string() << '\n';
    if (ok) {
        out << "config OK: " << result.config->people.size() << " people, "
            << result.config->teams.size() << " teams, " << result.config->sources.size()
            << " sources\n";
        return 0;
    }
    for (auto const& error : result.errors)
        out << error.to_string() << '\n';
    out << result.errors.size() << (result.errors.size() == 1 ? " error" : " errors") << " in "
        << path << '\n';
    return 1;
}

} // namespace

int check_config_main(std::string const& path, bool json, std::ostream& out) {
    return report(load_config_file(path), path, json, out);
}

int check_config_main(std::string const& path, bool json, std::ostream& out,
                      PluginCatalog const& catalog) {
    return report(load_config_file(path, catalog), path, json, out);
}

} // namespace sb::config
