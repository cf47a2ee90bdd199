; Một Cửa Desk: the Windows installer (per machine, 64-bit Windows 10/11), built on Linux with
; Debian's makensis by scripts/windows.sh (no download at build time):
;   makensis -DVERSION=0.1.0 -DSTAGE=<dir with motcua-desk.exe, motcua.exe, WebView2Loader.dll>
;            -DOUTFILE=<setup.exe> -DICON=<icon.ico> installer.nsi
;
; For admins:  motcua-desk-setup.exe /S [/LOG=C:\path\install.log] [/D=C:\install\dir]
;   /S      silent: no window, no question; exit code 0 = installed, 3 = WebView2 runtime
;           missing (nothing installed), 4 = not 64-bit Windows, 5 = not run as administrator,
;           6 = the app is running (close it first; nothing changed).
;   /LOG=   where the installer writes what it did (UTF-16 text); default
;           %TEMP%\motcua-desk-setup.log. /D= must come last (NSIS rule).
; Uninstall: "Một Cửa Desk" in Settings → Apps, or "<dir>\uninstall.exe /S". The clerk's data is
; never touched: the database, its key and the backups live in each user's
; %APPDATA%\motcua-desk\ (the key may be in Windows Credential Manager instead), receipts in
; Documents\motcua-desk\receipts\.

; A 64-bit installer (the app is 64-bit only; Wine's wine64 runs it without 32-bit support).
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
SetCompressorDictSize 32
RequestExecutionLevel admin

!ifndef VERSION
  !error "makensis -DVERSION=x.y.z"
!endif
!ifndef STAGE
  !error "makensis -DSTAGE=<folder with the files to install>"
!endif
!ifndef OUTFILE
  !define OUTFILE "motcua-desk-${VERSION}-setup.exe"
!endif

!define PRODUCT "Một Cửa Desk"
!define SHORTCUT "Một Cửa - Tiếp nhận hồ sơ"
!define PUBLISHER "Một Cửa Desk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\MotCuaDesk"
; The WebView2 Evergreen runtime's client GUID, as Microsoft documents it ("Detect if a WebView2
; Runtime is already installed"): a non-empty `pv` other than 0.0.0.0 under one of the three keys
; below means the runtime is there.
!define WEBVIEW2_GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\MotCua Desk"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"
!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "FileDescription" "Bộ cài ${PRODUCT}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT"

!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\motcua-desk.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Mở ${PRODUCT}"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"

Var LogFile

; Appends a line to the install log (UTF-16, so Vietnamese survives every code page).
!macro Log TEXT
  Push "${TEXT}"
  Call WriteLog
!macroend

Function WriteLog
  Exch $0
  Push $1
  ClearErrors
  ${If} ${FileExists} "$LogFile"
    FileOpen $1 "$LogFile" a
    FileSeek $1 0 END
  ${Else}
    FileOpen $1 "$LogFile" w
    FileWriteWord $1 0xFEFF
  ${EndIf}
  ${IfNot} ${Errors}
    FileWriteUTF16LE $1 "$0$\r$\n"
    FileClose $1
  ${EndIf}
  ClearErrors
  Pop $1
  Pop $0
FunctionEnd

; Stops the installation with `MESSAGE`: a message box, or in silent mode a log line and exit
; code `CODE`. Nothing has been installed at that point.
!macro Refuse CODE MESSAGE
  !insertmacro Log "LỖI: ${MESSAGE}"
  ${IfNot} ${Silent}
    MessageBox MB_OK|MB_ICONSTOP "${MESSAGE}"
  ${EndIf}
  SetErrorLevel ${CODE}
  Quit
!macroend

; $0 = the runtime's version, or "" when the WebView2 Evergreen runtime is not installed.
Function FindWebView2
  SetRegView 64
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} $0 == "0.0.0.0"
    StrCpy $0 ""
  ${EndIf}
FunctionEnd

Function .onInit
  SetShellVarContext all
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/LOG=" $LogFile
  ${If} ${Errors}
  ${OrIf} $LogFile == ""
    StrCpy $LogFile "$TEMP\motcua-desk-setup.log"
  ${EndIf}
  ClearErrors
  !insertmacro Log "${PRODUCT} ${VERSION}: bắt đầu cài đặt"

  ${IfNot} ${RunningX64}
    !insertmacro Refuse 4 "${PRODUCT} chỉ chạy trên Windows 64-bit (Windows 10 hoặc 11). Chưa cài đặt gì."
  ${EndIf}
  SetRegView 64

  UserInfo::GetAccountType
  Pop $0
  ${If} $0 != "Admin"
    !insertmacro Refuse 5 "Cần quyền quản trị (Administrator) để cài ${PRODUCT} cho mọi người dùng của máy. Hãy chạy lại bộ cài bằng 'Run as administrator'. Chưa cài đặt gì."
  ${EndIf}

  Call FindWebView2
  ${If} $0 == ""
    !insertmacro Refuse 3 "Máy này chưa có Microsoft Edge WebView2 Runtime, thành phần của Windows mà ${PRODUCT} cần để hiện cửa sổ làm việc. Windows 11 và Windows 10 đã cập nhật có sẵn thành phần này. Hãy cài 'WebView2 Runtime' bản Evergreen của Microsoft (có bộ cài độc lập cho máy không có mạng: Evergreen Standalone Installer), rồi chạy lại bộ cài này. Chưa cài đặt gì."
  ${EndIf}
  !insertmacro Log "WebView2 Runtime: $0"
FunctionEnd

Section "${PRODUCT}" Main
  SectionIn RO
  SetShellVarContext all
  SetRegView 64
  SetOverwrite on
  ; An upgrade while the app runs would half-replace it: a running exe cannot be opened for
  ; writing, so this finds it before anything is copied.
  ${If} ${FileExists} "$INSTDIR\motcua-desk.exe"
    ClearErrors
    FileOpen $0 "$INSTDIR\motcua-desk.exe" a
    ${If} ${Errors}
      !insertmacro Refuse 6 "${PRODUCT} đang chạy trên máy này. Hãy đóng ứng dụng (mọi người dùng đang mở), rồi chạy lại bộ cài. Chưa thay đổi gì."
    ${EndIf}
    FileClose $0
  ${EndIf}
  SetOutPath "$INSTDIR"
  File "${STAGE}/motcua-desk.exe"
  File "${STAGE}/motcua.exe"
  File "${STAGE}/WebView2Loader.dll"
  File "${STAGE}/icon.ico"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${SHORTCUT}.lnk" "$INSTDIR\motcua-desk.exe" "" "$INSTDIR\icon.ico" 0 SW_SHOWNORMAL "" "${PRODUCT}: tiếp nhận hồ sơ một cửa"

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\icon.ico"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"
  !insertmacro Log "Đã cài ${PRODUCT} ${VERSION} vào $INSTDIR"
SectionEnd

Function un.onInit
  SetShellVarContext all
  SetRegView 64
FunctionEnd

; Removes the program only. Each user's %APPDATA%\motcua-desk (database, key file, backups), the
; keys in Credential Manager and the saved receipts stay.
Section "Uninstall"
  Delete "$INSTDIR\motcua-desk.exe"
  Delete "$INSTDIR\motcua.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\icon.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${SHORTCUT}.lnk"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  ${IfNot} ${Silent}
    MessageBox MB_OK|MB_ICONINFORMATION "Đã gỡ ${PRODUCT}. Dữ liệu của quầy (cơ sở dữ liệu, khoá và các bản sao lưu trong %APPDATA%\motcua-desk của từng người dùng, biên nhận đã lưu trong Documents\motcua-desk) vẫn được giữ nguyên."
  ${EndIf}
SectionEnd
