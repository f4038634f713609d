# Helpers shared by every folder's CMakeLists.txt.

# Warnings for our own targets only (third-party headers come in as SYSTEM).
function(ctib_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                           -Wnon-virtual-dtor -Wold-style-cast)
endfunction()

# ctib_library(NAME SOURCES... [DEPS ...]) : one folder = one library.
function(ctib_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  ctib_warnings(${name})
endfunction()

# ctib_test(NAME SOURCES... DEPS ...) : a GoogleTest binary registered with CTest.
function(ctib_test name)
  if(NOT CTIB_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  ctib_warnings(${name})
  include(GoogleTest)
  set(labels unit)
  if(ARG_LABELS)
    set(labels ${ARG_LABELS})
  endif()
  gtest_discover_tests(${name} PROPERTIES LABELS "${labels}" DISCOVERY_TIMEOUT 60)
endfunction()

# ctib_fuzzer(NAME SOURCE CORPUS_DIR DEPS ...) : a libFuzzer target, built only
# in the `fuzz` preset (clang). Registered with CTest to run for
# CTIB_FUZZ_SECONDS over its committed corpus.
set(CTIB_FUZZ_SECONDS 30 CACHE STRING "Seconds each fuzz target runs under CTest")
function(ctib_fuzzer name)
  if(NOT CTIB_BUILD_FUZZERS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "SOURCE;CORPUS" "DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCE})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  # Run over a scratch copy so new inputs found in CI never dirty the tree.
  add_test(NAME ${name}
           COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=1
                   ${PROJECT_SOURCE_DIR}/scripts/run-fuzzer.sh $<TARGET_FILE:${name}>
                   ${ARG_CORPUS} ${CTIB_FUZZ_SECONDS})
  set_tests_properties(${name} PROPERTIES LABELS fuzz TIMEOUT 600)
endfunction()
