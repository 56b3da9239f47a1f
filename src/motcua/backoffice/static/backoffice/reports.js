'use strict';
/* Statistics filter: show only the fields of the chosen kind of period (progressive enhancement; without it every
   field shows and the hints say which ones count). Hidden fields keep their values, the server ignores them. */
(function () {
  var form = document.querySelector('[data-period-form]');
  if (!form) { return; }
  var kind = form.querySelector('select[name="period"]');
  if (!kind) { return; }
  function update() {
    form.querySelectorAll('.st-when').forEach(function (block) {
      var kinds = (block.getAttribute('data-kinds') || '').split(' ');
      block.hidden = kinds.indexOf(kind.value) === -1;
    });
    form.querySelectorAll('.st-nojs-hint').forEach(function (hint) { hint.hidden = true; });
  }
  kind.addEventListener('change', update);
  update();
})();
