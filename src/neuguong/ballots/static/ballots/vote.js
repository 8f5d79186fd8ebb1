// The QR code carries the code in the URL fragment (never sent to the server): put it in the
// form, forget it from the address bar and history, and open the ballot.
(function () {
  const code = decodeURIComponent(window.location.hash.replace(/^#/, "")).trim();
  const form = document.getElementById("code-form");
  if (!code || !form) {
    return;
  }
  history.replaceState(null, "", window.location.pathname);
  form.querySelector("input[name=code]").value = code;
  form.requestSubmit();
})();
