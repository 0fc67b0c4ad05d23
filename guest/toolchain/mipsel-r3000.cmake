# CMake toolchain for guest programs and firmware: bare-metal MIPS I (R2000/R3000), little-endian.
# Debian's mipsel cross compiler targets MIPS32 by default; -march=r3000 restricts code
# generation to MIPS I, and we link nothing from the distribution (its libgcc/libc contain
# MIPS32 instructions). Every linked binary is checked by tools/check-mips1.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR mips)
set(CMAKE_C_COMPILER mipsel-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER mipsel-linux-gnu-g++)
set(CMAKE_ASM_COMPILER mipsel-linux-gnu-gcc)
set(CMAKE_OBJDUMP mipsel-linux-gnu-objdump)
set(CMAKE_OBJCOPY mipsel-linux-gnu-objcopy)
set(CMAKE_NM mipsel-linux-gnu-nm)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# -G0: no gp-relative small data (there is no $gp set-up in a bare-metal image).
# -fno-stack-protector / -fno-*unwind-tables: nothing to provide them at run time.
set(GUEST_ARCH_FLAGS "-march=r3000 -mabi=32 -EL -mfp32 -mno-abicalls -fno-pic -mno-shared -G0 -msoft-float -ffreestanding -nostdlib -fno-builtin -fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables")
set(CMAKE_C_FLAGS_INIT "${GUEST_ARCH_FLAGS}")
set(CMAKE_CXX_FLAGS_INIT "${GUEST_ARCH_FLAGS} -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit")
set(CMAKE_ASM_FLAGS_INIT "${GUEST_ARCH_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-nostdlib -static -no-pie -Wl,--build-id=none")
