// Submits the SAML auto-POST form as soon as the page loads; the form also works without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("autopost");
    if (form) { form.submit(); }
});
