'use strict';
/*
 * motcua — the submission wizard's enhancements. Every page works without this file:
 *  - upload and "Xóa" forms of a component ([data-row-form]) are sent in the background; uploads show a
 *    <progress> bar and a percentage in a live region; the server answers with the component's row (and the
 *    "Còn thiếu" summary), which replaces the old one; focus goes to the row's message;
 *  - forms marked [data-submit-once] ("Nộp hồ sơ", "Chọn") are sent once, whatever the number of clicks;
 * Texts come from data-* attributes written by the templates (translated there).
 */
(function () {
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.hasAttribute('data-submit-once')) {
      if (form.getAttribute('data-sent') === '1') { event.preventDefault(); return; }
      form.setAttribute('data-sent', '1');
      form.querySelectorAll('button[type="submit"]').forEach(function (button) {
        button.setAttribute('aria-disabled', 'true');
      });
      return;
    }
    if (form.hasAttribute('data-row-form') && window.XMLHttpRequest && window.FormData) {
      send(form, event);
    }
  });

  function csrfToken(form) {
    var input = form.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : '';
  }

  /* Replace each element of the answer by id; returns the first one replaced (the component's row). */
  function swapIn(html) {
    var template = document.createElement('template');
    template.innerHTML = html;
    var first = null;
    Array.prototype.slice.call(template.content.children).forEach(function (node) {
      var current = node.id && document.getElementById(node.id);
      if (!current) { return; }
      node.removeAttribute('hx-swap-oob');
      current.replaceWith(node);
      if (!first) { first = node; }
    });
    return first;
  }

  function focusIn(row) {
    var target = row.querySelector('[data-focus]') || row.querySelector('h2, h3');
    if (target) {
      if (!target.hasAttribute('tabindex')) { target.setAttribute('tabindex', '-1'); }
      target.focus();
    }
  }

  function send(form, event) {
    var input = form.querySelector('input[type="file"]');
    if (input && !input.files.length) { return; } /* the server says "Chưa chọn tệp" */
    if (form.getAttribute('data-busy') === '1') { event.preventDefault(); return; }
    event.preventDefault();
    form.setAttribute('data-busy', '1');
    form.classList.add('is-busy');

    var box = form.querySelector('.upload-progress');
    var bar = box && box.querySelector('progress');
    var text = box && box.querySelector('.upload-progress__text');
    var label = form.getAttribute('data-progress-text') || '';
    var announced = -1;
    if (box) { box.hidden = false; bar.hidden = false; bar.value = 0; text.textContent = label + ' 0%'; }

    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('HX-Request', 'true');
    xhr.setRequestHeader('X-CSRFToken', csrfToken(form));
    if (xhr.upload && box) {
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable) { return; }
        var percent = Math.floor((e.loaded * 100) / e.total);
        bar.value = percent;
        /* The live region speaks every 10 %, not at every byte. */
        if (percent === 100 || percent - announced >= 10) {
          announced = percent;
          text.textContent = percent === 100 ? (form.getAttribute('data-done-text') || '') : label + ' ' + percent + '%';
        }
      });
    }
    xhr.addEventListener('load', function () {
      var type = xhr.getResponseHeader('Content-Type') || '';
      var row = type.indexOf('text/html') === 0 && xhr.status < 500 ? swapIn(xhr.responseText) : null;
      if (row) { focusIn(row); return; }
      failed(form, box, text);
    });
    xhr.addEventListener('error', function () { failed(form, box, text); });
    xhr.send(new FormData(form));
  }

  function failed(form, box, text) {
    form.removeAttribute('data-busy');
    form.classList.remove('is-busy');
    if (!box) { form.submit(); return; } /* "Xóa": fall back to the ordinary post (submit() skips this handler) */
    box.querySelector('progress').hidden = true;
    text.textContent = form.getAttribute('data-error-text') || '';
  }

  /* Back to a page kept in the browser's cache: its forms may be sent again. */
  window.addEventListener('pageshow', function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll('form[data-sent]').forEach(function (form) {
      form.removeAttribute('data-sent');
      form.querySelectorAll('button[aria-disabled]').forEach(function (b) { b.removeAttribute('aria-disabled'); });
    });
  });
})();
