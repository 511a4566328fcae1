#!/usr/bin/env bash
# Converts the generated .docx/.xlsx in DIR to PDF with LibreOffice (headless) and to PNG pages with
# pdftoppm, so a person can look at them: DIR/pdf/<name>.pdf and DIR/png/<name>-<page>.png.
# Exit codes: 0 done, 1 a conversion produced no PDF, 2 bad usage or a missing tool.
# Debian: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils
set -euo pipefail

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 DIR   (DIR holds the .docx/.xlsx written by the documents renderer)" >&2
  exit 2
fi
dir=$1
for tool in soffice pdftoppm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "render-documents: '$tool' not found; install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils" >&2
    exit 2
  fi
done

shopt -s nullglob
documents=("$dir"/*.docx "$dir"/*.xlsx)
if [ ${#documents[@]} -eq 0 ]; then
  echo "render-documents: no .docx or .xlsx in $dir" >&2
  exit 2
fi
mkdir -p "$dir/pdf" "$dir/png"

# A throw-away profile: LibreOffice will not start beside another instance on the same profile, and
# CI users may have no writable home.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
soffice "-env:UserInstallation=file://$profile" --headless --convert-to pdf --outdir "$dir/pdf" "${documents[@]}" >/dev/null 2>&1 || true

status=0
for doc in "${documents[@]}"; do
  name=$(basename "${doc%.*}")
  pdf="$dir/pdf/$name.pdf"
  if [ ! -s "$pdf" ]; then
    echo "render-documents: LibreOffice produced no PDF for $doc" >&2
    status=1
    continue
  fi
  pdftoppm -png -r "${RESOLUTION:-110}" "$pdf" "$dir/png/$name"
  echo "$pdf"
done
exit $status
