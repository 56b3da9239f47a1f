'use strict';
/* motcua portal: progressive enhancement only. Everything works without it. */
(function () {
  /* An error summary ([data-autofocus]) takes the focus when the page opens, as screen-reader users expect. */
  var summary = document.querySelector('[data-autofocus]');
  if (summary) { summary.focus(); }
})();

(function () {
  var root = document.documentElement;
  var STEPS = { 'font-step-m1': -1, 'font-step-0': 0, 'font-step-1': 1, 'font-step-2': 2 };

  /* Display controls (A- A A+, contrast): same cookies the server sets on POST. */
  function setCookie(name, value) {
    document.cookie = name + '=' + value + '; path=/; max-age=31536000; SameSite=Lax' +
      (location.protocol === 'https:' ? '; Secure' : '');
  }

  function currentStep() {
    for (var cls in STEPS) { if (root.classList.contains(cls)) { return STEPS[cls]; } }
    return 0;
  }

  var controls = document.querySelector('.display-controls');
  if (controls) {
    controls.addEventListener('click', function (event) {
      var button = event.target.closest('button[name="action"]');
      if (!button) { return; }
      var step = currentStep();
      var contrast = root.classList.contains('high-contrast');
      switch (button.value) {
        case 'font-smaller': step = Math.max(-1, step - 1); break;
        case 'font-reset': step = 0; break;
        case 'font-larger': step = Math.min(2, step + 1); break;
        case 'contrast-more': contrast = true; break;
        case 'contrast-less': contrast = false; break;
        default: return;
      }
      event.preventDefault();
      for (var cls in STEPS) { root.classList.toggle(cls, STEPS[cls] === step); }
      root.classList.toggle('high-contrast', contrast);
      controls.querySelectorAll('button[value^="contrast-"]').forEach(function (b) {
        b.setAttribute('aria-pressed', String((b.value === 'contrast-more') === contrast));
      });
      setCookie('motcua_font', String(step));
      setCookie('motcua_contrast', contrast ? '1' : '0');
    });
  }

  /* Search suggestions: Escape closes, arrow keys move between the links. */
  var input = document.getElementById('q');
  var box = document.getElementById('suggestions');
  if (!input || !box) { return; }

  function links() { return Array.prototype.slice.call(box.querySelectorAll('a[href]')); }
  function close() { box.innerHTML = ''; }

  input.addEventListener('keydown', function (event) {
    var items = links();
    if (!items.length) { return; }
    if (event.key === 'Escape') { event.preventDefault(); close(); }
    else if (event.key === 'ArrowDown') { event.preventDefault(); items[0].focus(); }
  });

  box.addEventListener('keydown', function (event) {
    var items = links();
    var i = items.indexOf(document.activeElement);
    if (i < 0) { return; }
    if (event.key === 'ArrowDown') { event.preventDefault(); items[Math.min(i + 1, items.length - 1)].focus(); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); (i > 0 ? items[i - 1] : input).focus(); }
    else if (event.key === 'Escape') { event.preventDefault(); close(); input.focus(); }
  });

  /* The list overlays the filters: close it when focus or a click goes elsewhere. */
  function outside(target) { return target !== input && !box.contains(target); }
  document.addEventListener('focusin', function (event) { if (outside(event.target)) { close(); } });
  document.addEventListener('click', function (event) { if (outside(event.target)) { close(); } });
})();
