# The product's former class names → KERN's (docs/design-system.md). Run from the project folder:
#   sed -E -i -f docs/kern-classes.sed $(git ls-files 'kommunalkompass/*.html' 'kommunalkompass/static/js/*.js' \
#     'tests/*.py' 'kommunalkompass/*/tests/*.py' ':!kommunalkompass/core/tests/test_kern.py')
# Safe to run twice. core/tests/test_kern.py fails while a template still uses a former name.
# Buttons: KERN's kern-btn with its variants; KERN has no destructive button (kk-btn--danger, kompass.css)
s/(["' ])button button--secondary\b/\1kern-btn kern-btn--secondary/g
s/(["' ])button button--danger\b/\1kern-btn kk-btn--danger/g
s/\bbutton--small\b/kern-btn--x-small/g
s/\bbutton--large\b/kern-btn--block/g
s/(class="|className = ")button([ "])/\1kern-btn kern-btn--primary\2/g
s/class="button\{% if not ([a-z_.]+) %\} button--secondary\{% endif %\}"/class="kern-btn {% if \1 %}kern-btn--primary{% else %}kern-btn--secondary{% endif %}"/g
# Alerts (messages written in a page, error summaries, notes)
s/\bmessage message--error\b/kern-alert kern-alert--danger/g
s/\bmessage message--(info|success|warning)\b/kern-alert kern-alert--\1/g
s/class="form-errors"/class="kern-alert kern-alert--danger form-errors"/g
s/class="callout callout--warning /class="kern-alert kern-alert--warning /g
s/class="callout"/class="kern-alert kern-alert--info"/g
# Tables and their numeric columns
s/class="table( |")/class="kern-table\1/g
s/(<th[^>]*class=")num"/\1kern-table__header--numeric"/g
s/(<td[^>]*class=")num"/\1kern-table__cell--numeric"/g
# Text for screen readers only
s/\bvisually-hidden\b/kern-sr-only/g
# Numeric columns whose class stands on a line of its own (header cells, then body cells)
s/(\{% if header\.numeric %\})class="num"/\1class="kern-table__header--numeric"/g
s/(\{% if (column|cell)\.numeric %\})class="num"/\1class="kern-table__cell--numeric"/g
# Hints and errors written by hand beside a field
s/\bfield__help\b/kern-hint/g
s|<p class="field__error"([^>]*)>|<p class="kern-error"\1><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>|g
