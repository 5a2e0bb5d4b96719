# SPDX-License-Identifier: Apache-2.0
# The /api/v1 resources, and the OpenAPI document built into the binary from openapi.json.
target_sources(sb_api PRIVATE
    api_routes.cpp
    problem.cpp
    api_json.cpp
    api_input.cpp
    api_rota_routes.cpp
    api_entry_routes.cpp
    api_item_routes.cpp
    api_report_routes.cpp
    api_document_routes.cpp)

# The document goes into a generated source; editing openapi.json re-runs CMake, which
# regenerates it.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${CMAKE_CURRENT_SOURCE_DIR}/openapi.json)
file(READ ${CMAKE_CURRENT_SOURCE_DIR}/openapi.json SB_OPENAPI_JSON)
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/openapi_document.cpp.in
               ${CMAKE_CURRENT_BINARY_DIR}/openapi_document.cpp @ONLY)
target_sources(sb_api PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/openapi_document.cpp)
