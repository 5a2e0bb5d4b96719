// SPDX-License-Identifier: Apache-2.0
// The console chat: cards and messages on stdout, commands typed on stdin as a configured person.
#pragma once

#include "bot/ports/chat_adapter.hpp"
#include "bot/ports/clock.hpp"

#include <boost/asio/io_context.hpp>

#include <memory>
#include <ostream>
#include <string>

namespace sb {

struct ConsoleOptions {
    std::string name = "console";
    std::string user; // the chat identity commands are typed as (--as)
    std::string room = "#console";
    bool show_time = false;   // prefix each line with the clock's time (simulations)
    std::string zone = "UTC"; // for show_time
};

class ConsoleAdapter : public ChatAdapter {
public:
    ConsoleAdapter(ConsoleOptions options, std::ostream& out, Clock const& clock);
    ~ConsoleAdapter() override;

    std::string const& name() const override { return m_options.name; }
    void start(ChatInbound& inbound) override;
    void stop() override;
    void deliver(OutboxMessage const& message, std::function<void(DeliveryOutcome)> done) override;
    AdapterHealth health() const override { return {}; }

    // Reads command lines from standard input on the io_context until EOF.
    void read_stdin(boost::asio::io_context& io);
    // One typed line: "claim 3", "!claim 3", or "/as bob" to type as someone else.
    void handle_line(std::string line);

private:
    void print(std::string const& text);
    struct Reader;

    ConsoleOptions m_options;
    std::ostream& m_out;
    Clock const& m_clock;
    ChatInbound* m_inbound = nullptr;
    std::shared_ptr<Reader> m_reader;
    long m_next_ref = 0;
};

} // namespace sb
