/* Progressive enhancement: follow a running job without reloading the whole page; when it
   is done, load the page with its results. Without JavaScript the page has a link instead. */
(function () {
  "use strict";
  var box = document.querySelector("[data-poll]");
  if (!box || !window.fetch || !window.DOMParser) { return; }
  function poll() {
    fetch(window.location.href, {credentials: "same-origin"})
      .then(function (answer) { return answer.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-poll]");
        if (!fresh) { window.location.reload(); return; }
        var list = box.querySelector(".progress");
        var newList = fresh.querySelector(".progress");
        if (list && newList && list.innerHTML !== newList.innerHTML) { list.innerHTML = newList.innerHTML; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
}());
