/* FOR THE WINE TEST ONLY (scripts/windows-test.sh): never ship this, never put it in the installer.
 *
 * Rust's standard library (1.78+) takes random numbers from bcryptprimitives.dll!ProcessPrng,
 * which every Windows 10/11 has but Debian 12's Wine 8 lacks: without it a Rust exe exits with
 * status 53 before main. This stand-in answers with RtlGenRandom (advapi32!SystemFunction036).
 * Built with: x86_64-w64-mingw32-gcc -shared -o bcryptprimitives.dll processprng-shim.c -ladvapi32
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
