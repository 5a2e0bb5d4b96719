// SPDX-License-Identifier: Apache-2.0
#include "tests/sources_feeds/fake_process.hpp"

#include "adapters/net/http_client/curl_http_client.hpp"

#include <csignal>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

extern char** environ;

namespace sb::test {

FakeProcess::FakeProcess(std::vector<std::string> args) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0)
        throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    std::string node = "node";
    std::vector<char*> argv{node.data()};
    for (auto& arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (posix_spawnp(&m_pid, "node", &actions, nullptr, argv.data(), environ) != 0)
        throw std::runtime_error("cannot start node for a fake");
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    std::string line;
    char c = 0;
    while (::read(pipe_fds[0], &c, 1) == 1 && c != '\n')
        line += c;
    ::close(pipe_fds[0]);
    if (line.rfind("PORT ", 0) != 0)
        throw std::runtime_error("the fake did not start: " + line);
    m_port = std::stoi(line.substr(5));
}

FakeProcess::~FakeProcess() {
    if (m_pid > 0) {
        ::kill(m_pid, SIGTERM);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
}

nlohmann::json FakeProcess::control(std::string const& path, nlohmann::json const& body) {
    OutboundRequest request;
    request.method = body.is_null() ? "GET" : "POST";
    request.url = url() + "/_control/" + path;
    if (!body.is_null()) {
        request.body = body.dump();
        request.headers.emplace_back("Content-Type", "application/json");
    }
    auto response = perform_http(request);
    if (!response || response->status != 200)
        throw std::runtime_error("control call " + path + " failed: " +
                                 (response ? response->body : response.error().message));
    return nlohmann::json::parse(response->body);
}

void SyncHttpClient::send(OutboundRequest request,
                          std::function<void(Result<OutboundResponse>)> done) {
    m_sent.push_back(request);
    done(perform_http(request));
}

Result<IngestOutcome> MemorySink::ingest(Mention const& mention) {
    if (failing)
        return unexpected(ErrorCode::unavailable, "database is locked", "store");
    for (std::size_t i = 0; i < mentions.size(); ++i) {
        if (mentions[i].platform != mention.platform ||
            mentions[i].external_id != mention.external_id)
            continue;
        if (mention.change == MentionChange::edited) {
            mentions[i].text = mention.text;
            edits.push_back(mention);
        }
        return IngestOutcome{static_cast<ItemId>(i + 1), false};
    }
    mentions.push_back(mention);
    return IngestOutcome{static_cast<ItemId>(mentions.size()), true};
}

SourceHarness::SourceHarness() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "switchboard-feeds-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
        throw std::runtime_error("mkdtemp failed");
    dir = pattern;
    config.path = (dir / "switchboard.jsonc").string();
    reopen();
}

SourceHarness::~SourceHarness() {
    ports.reset();
    store.reset();
    std::filesystem::remove_all(dir);
}

void SourceHarness::reopen() {
    ports.reset();
    store.reset();
    store = std::make_unique<Store>((dir / "state.db").string());
    ports = std::make_unique<StorePorts>(*store);
}

SourceDeps SourceHarness::deps() {
    return SourceDeps{io,           config,  clock,  timers, http, ports->cursors,
                      ports->inbox, metrics, router, sink};
}

config::Source source_config(std::string id, nlohmann::json settings) {
    config::Source source;
    source.id = std::move(id);
    source.type = settings.value("type", "");
    source.settings = std::move(settings);
    return source;
}

} // namespace sb::test
