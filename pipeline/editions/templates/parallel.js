// Pointing at or focusing a sentence lights it and its counterpart in the other language.
(function () {
  function light(event, on) {
    var sentence = event.target.closest ? event.target.closest("[data-seg]") : null;
    if (!sentence) return;
    var twins = document.querySelectorAll('[data-seg="' + sentence.getAttribute("data-seg") + '"]');
    for (var i = 0; i < twins.length; i++) twins[i].classList.toggle("lit", on);
  }
  document.addEventListener("mouseover", function (e) { light(e, true); });
  document.addEventListener("mouseout", function (e) { light(e, false); });
  document.addEventListener("focusin", function (e) { light(e, true); });
  document.addEventListener("focusout", function (e) { light(e, false); });
})();
