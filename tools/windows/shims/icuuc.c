/* Wine 8.0 only: icuuc.dll (Windows 10 1903+ system ICU) is missing and Qt6Core imports ucnv_* from it. Every
   converter here is unavailable, so Qt keeps its built-in UTF codecs. Windows 10/11 have the real one. */
#include <stddef.h>
typedef int UErrorCode;
#define X(name) __declspec(dllexport) int name(void) { return 0; }
__declspec(dllexport) void *ucnv_open(const char *n, UErrorCode *e) { (void)n; if (e) *e = 4; return NULL; }
__declspec(dllexport) const char *ucnv_getStandardName(const char *n, const char *s, UErrorCode *e) { (void)n; (void)s; if (e && *e <= 0) *e = 4; return NULL; }
__declspec(dllexport) const char *ucnv_getAvailableName(int i) { (void)i; return NULL; }
__declspec(dllexport) const char *ucnv_getName(void *c, UErrorCode *e) { (void)c; if (e && *e <= 0) *e = 4; return ""; }
X(ucnv_close) X(UCNV_FROM_U_CALLBACK_SUBSTITUTE) X(UCNV_TO_U_CALLBACK_SUBSTITUTE) X(ucnv_reset) X(ucnv_getMaxCharSize)
X(ucnv_getToUCallBack) X(ucnv_getFromUCallBack) X(ucnv_setToUCallBack) X(ucnv_setFromUCallBack) X(ucnv_cbToUWriteUChars)
X(ucnv_toUnicode) X(ucnv_cbFromUWriteUChars) X(ucnv_toUCountPending) X(ucnv_fromUCountPending) X(ucnv_countAvailable)
X(ucnv_fromUnicode)
