// SPDX-License-Identifier: Apache-2.0
// The log notifier: a "push" that lands in the log (and the console), for setups without a phone.
#pragma once

#include "adapters/notifiers/notifier_entry.hpp"
#include "bot/ports/notifier.hpp"

#include <functional>
#include <string>

namespace sb {

class LogNotifier : public Notifier {
public:
    // show, when set, also prints each page where a person watching the console sees it.
    explicit LogNotifier(std::function<void(std::string const&)> show = {})
        : m_show(std::move(show)) {}
    std::string const& name() const override { return m_name; }
    void send(PageRequest const& page, std::function<void(Result<PageSent>)> done) override;
    AdapterHealth health() const override { return {}; }
    int sent() const { return m_sent; }

private:
    std::string m_name = "log";
    std::function<void(std::string const&)> m_show;
    int m_sent = 0;
};

// The "log" plug-in: no settings, always built, so a person without a push contact still gets
// each page into the log.
NotifierEntry log_notifier_entry();

} // namespace sb
