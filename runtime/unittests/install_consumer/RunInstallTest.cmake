# CTest driver: install the emulator into a scratch prefix, configure and
# build the consumer project against it with find_package(TT-Metalium), and
# run its programs.
foreach(var BUILD_DIR CONSUMER_DIR WORK_DIR CXX C GENERATOR CACHE_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "RunInstallTest.cmake needs -D${var}=...")
  endif()
endforeach()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  message("${out}${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${ARGN}")
  endif()
  set(last_output "${out}${err}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${WORK_DIR}/build -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_CXX_COMPILER=${CXX}
    -DCMAKE_C_COMPILER=${C})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
foreach(exe metal_example_matmul_mesh metal_example_vecadd_multi_core)
  run(${CMAKE_COMMAND} -E env TT_METAL_HOME=${CONSUMER_DIR}
      TT_EMU_CACHE_DIR=${CACHE_DIR} ${WORK_DIR}/build/${exe})
  if(NOT last_output MATCHES "Test Passed")
    message(FATAL_ERROR "${exe} did not report success")
  endif()
endforeach()
