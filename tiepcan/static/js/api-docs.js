/* The API's interactive docs (swagger-ui shipped with django-ninja), started from a static file
   because the Content-Security-Policy allows no inline script. The settings come from the page's
   data attributes; writes from the signed-in browser carry the CSRF token. */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  var config = JSON.parse(root.dataset.settings || "{}");
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  var token = root.dataset.csrfToken;
  if (token) {
    config.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = token;
      return request;
    };
  }
  SwaggerUIBundle(config);
})();
