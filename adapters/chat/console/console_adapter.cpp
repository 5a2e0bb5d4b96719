// SPDX-License-Identifier: Apache-2.0
// The console chat: cards and messages on stdout, commands typed on stdin.
#include "adapters/chat/console/console_adapter.hpp"

#include "base/safe_text.hpp"
#include "base/say.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>

#include <unistd.h>

#include <istream>

namespace sb {

struct ConsoleAdapter::Reader : std::enable_shared_from_this<ConsoleAdapter::Reader> {
    Reader(boost::asio::io_context& io, ConsoleAdapter& owner)
        : input(io, ::dup(STDIN_FILENO)), adapter(&owner) {}

    void read() {
        boost::asio::async_read_until(
            input, buffer, '\n',
            [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                if (self->adapter == nullptr)
                    return;
                if (ec) {
                    // End of input (a closed pipe, /dev/null in a container) only ends typing;
                    // the daemon keeps running.
                    if (self->buffer.size() > 0) {
                        std::string rest(static_cast<char const*>(self->buffer.data().data()),
                                         self->buffer.size());
                        self->buffer.consume(self->buffer.size());
                        self->adapter->handle_line(rest);
                    }
                    return;
                }
                std::istream stream(&self->buffer);
                std::string line;
                std::getline(stream, line);
                self->adapter->handle_line(line);
                self->read();
            });
    }

    boost::asio::posix::stream_descriptor input;
    boost::asio::streambuf buffer;
    ConsoleAdapter* adapter;
};

ConsoleAdapter::ConsoleAdapter(ConsoleOptions options, std::ostream& out, Clock const& clock)
    : m_options(std::move(options)), m_out(out), m_clock(clock) {}

ConsoleAdapter::~ConsoleAdapter() {
    stop();
}

void ConsoleAdapter::start(ChatInbound& inbound) {
    m_inbound = &inbound;
}

void ConsoleAdapter::stop() {
    if (m_reader) {
        m_reader->adapter = nullptr;
        boost::system::error_code ignored;
        m_reader->input.cancel(ignored);
        m_reader->input.close(ignored);
        m_reader.reset();
    }
    m_inbound = nullptr;
}

void ConsoleAdapter::read_stdin(boost::asio::io_context& io) {
    m_reader = std::make_shared<Reader>(io, *this);
    m_reader->read();
}

void ConsoleAdapter::print(std::string const& raw) {
    // Every line can carry a stranger's text: no escape sequence reaches the terminal.
    auto const text = terminal_safe(raw);
    std::string prefix;
    if (m_options.show_time)
        prefix = format_instant(m_clock.now(), m_options.zone) + "  ";
    std::size_t start = 0;
    bool first = true;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        auto line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        m_out << (first ? prefix : std::string(prefix.size(), ' ')) << line << '\n';
        first = false;
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    m_out.flush();
}

void ConsoleAdapter::handle_line(std::string line) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
        line.pop_back();
    auto first = line.find_first_not_of(' ');
    if (first == std::string::npos)
        return;
    line = line.substr(first);
    if (line.rfind("/as ", 0) == 0) {
        m_options.user = line.substr(4);
        print("(typing as " + m_options.user + ")");
        return;
    }
    if (line.front() == '!')
        line.erase(0, 1);
    if (m_inbound == nullptr)
        return;
    ChatOrigin origin;
    origin.adapter = m_options.name;
    origin.via = Via::console;
    origin.user = m_options.user;
    origin.room = m_options.room;
    auto user = m_options.user;
    m_inbound->on_command(origin, line,
                          [this, user](std::string reply) { print("→ " + user + ": " + reply); });
}

void ConsoleAdapter::deliver(OutboxMessage const& message,
                             std::function<void(DeliveryOutcome)> done) {
    auto ref = m_options.name + "-" + std::to_string(++m_next_ref);
    switch (message.kind) {
    case OutboxKind::post_card:
    case OutboxKind::update_card: {
        auto const& card = *message.card;
        auto id = std::to_string(card.item_id);
        if (message.kind == OutboxKind::post_card) {
            auto const lang = card.language;
            std::string text = "[" + message.room + "] card #" + id + " · " +
                               std::string(words(lang, card.priority)) + " · " + card.platform +
                               " · " + std::string(words(lang, card.state)) + "\n    " +
                               card.author + ": " + card.excerpt;
            if (!card.url.empty())
                text += "\n    " + card.url;
            if (!card.on_call.empty())
                text += "\n    " + say(lang, "On call: {0}", card.on_call);
            if (!card.due_line.empty())
                text += "\n    " + card.due_line;
            text += "\n    " + card.status_line;
            if (!card.actions.empty()) {
                text += " — ";
                for (std::size_t i = 0; i < card.actions.size(); ++i) {
                    auto const& action = card.actions[i];
                    text +=
                        (i ? " | " : "") + action + " " + id + (action == "snooze" ? " 1h" : "");
                }
            }
            print(text);
        } else {
            print("[" + message.room + "] card #" + id + " now " + card.state + ": " +
                  card.status_line);
        }
        break;
    }
    case OutboxKind::thread_note:
        print("[" + message.room + "]   ↳ " + message.text);
        break;
    case OutboxKind::direct_message:
        print("[DM to " + message.person_address + "] " + message.text);
        break;
    case OutboxKind::room_message:
        print("[" + message.room + "] " + message.text);
        break;
    }
    DeliveryOutcome outcome;
    outcome.delivered = true;
    outcome.receipt.message_ref = ref;
    done(outcome);
}

} // namespace sb
