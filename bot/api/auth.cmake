# SPDX-License-Identifier: Apache-2.0
target_sources(sb_api PRIVATE
    auth_store.cpp
    authenticate.cpp
    live_events.cpp
    web_files.cpp
    signin_pages.cpp
    web_routes.cpp
    account_commands.cpp
    token_cli.cpp)
