; Dostyq Desk's Windows installer, built with NSIS (Debian's `nsis` package: makensis) from the PyInstaller folder.
;
;   makensis -DVERSION=0.1.0 -DSOURCE=dist/DostyqDesk -DOUTFILE=dist/DostyqDesk-0.1.0-setup.exe tools/windows/installer.nsi
;
; A per-user install (no administrator rights: clerks rarely have them) under %LOCALAPPDATA%\Programs\DostyqDesk,
; a Start-menu folder, an optional desktop shortcut, an entry in "Apps and features", and an uninstaller that removes
; the program's files only: the data folder (%LOCALAPPDATA%\DostyqDesk, or wherever the clerk put it) stays.
; The installer speaks Kazakh, Russian or English (asked first, the Windows language preselected).
; Silent: `DostyqDesk-<version>-setup.exe /S [/D=folder]`; `uninstall.exe /S`.

Target amd64-unicode  ; the program is 64-bit only (its wheels are win_amd64); a 64-bit installer (Unicode)
!ifndef COMPRESSOR
  !define COMPRESSOR "/SOLID lzma"
!endif
SetCompressor ${COMPRESSOR}

!ifndef VERSION
  !error "makensis -DVERSION=x.y.z is required"
!endif
!ifndef SOURCE
  !error "makensis -DSOURCE=<the PyInstaller folder dist/DostyqDesk> is required"
!endif
!ifndef OUTFILE
  !define OUTFILE "DostyqDesk-${VERSION}-setup.exe"
!endif

!define APP "Dostyq Desk"
!define APP_KEY "DostyqDesk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_KEY}"
!define PUBLISHER "Dostyq Desk"

Name "${APP}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_KEY}"
InstallDirRegKey HKCU "Software\${APP_KEY}" "InstallDir"
RequestExecutionLevel user
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define MUI_ABORTWARNING
!define MUI_ICON "${NSISDIR}\Contrib\Graphics\Icons\modern-install.ico"
!define MUI_UNICON "${NSISDIR}\Contrib\Graphics\Icons\modern-uninstall.ico"
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "Software\${APP_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_FINISHPAGE_RUN "$INSTDIR\desk.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGEEX "${__FILEDIR__}\nsis" "Kazakh"
!insertmacro MUI_LANGUAGE "Russian"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString SEC_PROGRAM ${LANG_KAZAKH} "Dostyq Desk бағдарламасы"
LangString SEC_PROGRAM ${LANG_RUSSIAN} "Программа Dostyq Desk"
LangString SEC_PROGRAM ${LANG_ENGLISH} "Dostyq Desk program"
LangString SEC_DESKTOP ${LANG_KAZAKH} "Жұмыс үстеліндегі белгіше"
LangString SEC_DESKTOP ${LANG_RUSSIAN} "Ярлык на рабочем столе"
LangString SEC_DESKTOP ${LANG_ENGLISH} "Desktop shortcut"
LangString DESC_PROGRAM ${LANG_KAZAKH} "Бағдарлама, оның қаріптері мен аудармалары. Деректер қалтасы жеке сақталады."
LangString DESC_PROGRAM ${LANG_RUSSIAN} "Программа, её шрифты и переводы. Папка с данными хранится отдельно."
LangString DESC_PROGRAM ${LANG_ENGLISH} "The program, its fonts and translations. The data folder is kept separately."
LangString DESC_DESKTOP ${LANG_KAZAKH} "Жұмыс үстелінде Dostyq Desk белгішесі."
LangString DESC_DESKTOP ${LANG_RUSSIAN} "Ярлык Dostyq Desk на рабочем столе."
LangString DESC_DESKTOP ${LANG_ENGLISH} "A Dostyq Desk shortcut on the desktop."
LangString LNK_UNINSTALL ${LANG_KAZAKH} "Dostyq Desk бағдарламасын жою"
LangString LNK_UNINSTALL ${LANG_RUSSIAN} "Удалить Dostyq Desk"
LangString LNK_UNINSTALL ${LANG_ENGLISH} "Uninstall Dostyq Desk"
LangString MSG_DATA_KEPT ${LANG_KAZAKH} "Бағдарлама жойылды. Деректер қалтасы ($LOCALAPPDATA\${APP_KEY}) орнында қалды."
LangString MSG_DATA_KEPT ${LANG_RUSSIAN} "Программа удалена. Папка с данными ($LOCALAPPDATA\${APP_KEY}) оставлена на месте."
LangString MSG_DATA_KEPT ${LANG_ENGLISH} "The program was removed. The data folder ($LOCALAPPDATA\${APP_KEY}) was left in place."
LangString MSG_RUNNING ${LANG_KAZAKH} "Dostyq Desk іске қосулы. Оны жауып, қайталап көріңіз."
LangString MSG_RUNNING ${LANG_RUSSIAN} "Dostyq Desk запущен. Закройте его и повторите попытку."
LangString MSG_RUNNING ${LANG_ENGLISH} "Dostyq Desk is running. Close it and try again."

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "!$(SEC_PROGRAM)" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; a file in use (the program is running) cannot be replaced: say so instead of leaving a mixed folder
  ClearErrors
  FileOpen $0 "$INSTDIR\desk.exe" a
  ${If} ${Errors}
    ${If} ${FileExists} "$INSTDIR\desk.exe"
      MessageBox MB_ICONSTOP|MB_OK "$(MSG_RUNNING)" /SD IDOK
      Abort
    ${EndIf}
  ${Else}
    FileClose $0
  ${EndIf}
  RMDir /r "$INSTDIR\_internal"  ; an older version's libraries go; the new ones follow
  File /r "${SOURCE}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\${APP_KEY}" "InstallDir" "$INSTDIR"

  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortcut "$SMPROGRAMS\${APP}\${APP}.lnk" "$INSTDIR\desk.exe"
  CreateShortcut "$SMPROGRAMS\${APP}\$(LNK_UNINSTALL).lnk" "$INSTDIR\uninstall.exe"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\desk.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "$(SEC_DESKTOP)" SecDesktop
  CreateShortcut "$DESKTOP\${APP}.lnk" "$INSTDIR\desk.exe"
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecProgram} "$(DESC_PROGRAM)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "$(DESC_DESKTOP)"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Section "Uninstall"
  ; the program's own files only, by name: never a recursive delete of a folder the clerk may have chosen
  Delete "$INSTDIR\desk.exe"
  Delete "$INSTDIR\desk-cli.exe"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APP}\*.lnk"  ; the uninstall shortcut is named in the language of the install
  RMDir "$SMPROGRAMS\${APP}"
  Delete "$DESKTOP\${APP}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${APP_KEY}"
  ; the data folder ($LOCALAPPDATA\DostyqDesk) is not touched
  DetailPrint "$(MSG_DATA_KEPT)"
SectionEnd
