/* Wine 8.0 only: bcryptprimitives.dll!ProcessPrng is missing (Rust's std since 1.78 needs it: cryptography,
   pydantic-core, pyrage). Windows 10/11 have it. Built by tools/windows/check.sh with mingw. */
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID, ULONG);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len) { ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, n)) return FALSE; data += n; len -= n; }
    return TRUE;
}
