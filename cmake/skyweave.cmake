# Helpers shared by every module's CMakeLists.txt.

# sw_module(NAME SOURCES... [LIBS ...]) -> static library sw_NAME, include root src/.
function(sw_module name)
  cmake_parse_arguments(A "" "" "SOURCES;LIBS" ${ARGN})
  add_library(sw_${name} STATIC ${A_SOURCES})
  target_include_directories(sw_${name} PUBLIC ${CMAKE_SOURCE_DIR}/src)
  if(A_LIBS)
    target_link_libraries(sw_${name} PUBLIC ${A_LIBS})
  endif()
endfunction()

# sw_unit_test(NAME SOURCES... LIBS ...) -> cmocka test run by ctest, label "unit".
find_library(CMOCKA_LIB cmocka REQUIRED)
function(sw_unit_test name)
  cmake_parse_arguments(A "" "TIMEOUT" "SOURCES;LIBS" ${ARGN})
  add_executable(test_${name} ${A_SOURCES})
  target_link_libraries(test_${name} PRIVATE ${A_LIBS} ${CMOCKA_LIB} m)
  target_compile_definitions(test_${name} PRIVATE
    SW_SHARED_DIR="${SW_SHARED_DIR}" SW_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  add_test(NAME unit_${name} COMMAND test_${name})
  if(NOT A_TIMEOUT)
    set(A_TIMEOUT 300)
  endif()
  set_tests_properties(unit_${name} PROPERTIES LABELS unit TIMEOUT ${A_TIMEOUT})
endfunction()

# sw_e2e_test(NAME SCRIPT [TIMEOUT s]) -> shell test that runs the real build/skyweave.
function(sw_e2e_test name script)
  cmake_parse_arguments(A "" "TIMEOUT" "" ${ARGN})
  add_test(NAME e2e_${name} COMMAND sh ${script})
  if(NOT A_TIMEOUT)
    set(A_TIMEOUT 600)
  endif()
  set_tests_properties(e2e_${name} PROPERTIES LABELS e2e TIMEOUT ${A_TIMEOUT}
    ENVIRONMENT "SKYWEAVE=$<TARGET_FILE:skyweave>;SW_SOURCE_DIR=${CMAKE_SOURCE_DIR};SW_SHARED_DIR=${SW_SHARED_DIR};SW_BUILD_DIR=${CMAKE_BINARY_DIR}")
endfunction()
