// Import: read the chosen YAML file into the editor; saving it goes through the same checks.
(function () {
  var input = document.getElementById("f-import");
  var body = document.getElementById("f-body");
  if (!input || !body) { return; }
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file) { return; }
    file.text().then(function (text) { body.value = text; });
  });
})();
