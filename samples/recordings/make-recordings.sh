#!/usr/bin/env bash
# Regenerates sample call recordings and their reference transcripts with Debian's text-to-speech voices.
# A developer tool, not run by the build or CI (the output is committed).
#   ./make-recordings.sh            the 12 sample calls (dialogues.txt -> io/callqa/samples/)
#   ./make-recordings.sh readouts   the read-out calls (readouts.txt -> io/callqa/samples/readouts/)
#   apt-get install festival festvox-us-slt-hts festvox-kallpc16k flite espeak-ng sox lame libsox-fmt-mp3
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../src/main/resources/io/callqa/samples"
if [ "${1:-}" = readouts ]; then
  exec python3 "$here/make_recordings.py" "$here/readouts.txt" "$out/readouts"
fi
exec python3 "$here/make_recordings.py" "$here/dialogues.txt" "$out"
