#!/usr/bin/env bash
# Refresh contex_oscar's Indonesian catalogue and compile it.
# Usage: scripts/update_translations.sh [extra.po ...]  (extra files fill untranslated entries)
set -euo pipefail
cd "$(dirname "$0")/../contex_oscar"
export DJANGO_SETTINGS_MODULE=sandbox.settings PYTHONPATH="$PWD/.."
django-admin makemessages -l id --symlinks --no-obsolete --ignore 'migrations/*' >/dev/null
po=locale/id/LC_MESSAGES/django.po
python3 ../scripts/unfuzzy_po.py "$po"
# Oscar's, oscarapi's and DRF's messages in the store's Indonesian (kept by hand, see its header)
msgcat --use-first "$po" locale/inherited.po -o "$po"
if [ "$#" -gt 0 ]; then
    msgcat --use-first "$@" -o /tmp/contex-compendium.po
    msgmerge --quiet --no-fuzzy-matching --compendium=/tmp/contex-compendium.po "$po" "$po" -o "$po"
fi
untranslated=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ' || true)
django-admin compilemessages -l id >/dev/null
echo "compiled $po (untranslated entries: $((untranslated > 0 ? untranslated - 1 : 0)))"
