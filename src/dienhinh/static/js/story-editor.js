// A small rich-text editor for a story's body (textarea[data-rich-text]): bold, italics, heading,
// lists, quotation and link, in a contenteditable box kept in step with the textarea, which is
// what the form sends (the server's sanitiser keeps only these tags). Without script the
// textarea stays as it is.
(function () {
  "use strict";
  var TOOLS = [
    ["bold", "bold", "B"], ["italic", "italic", "I"], ["h2", "formatBlock", "H2"],
    ["ul", "insertUnorderedList", "•"], ["ol", "insertOrderedList", "1."],
    ["quote", "formatBlock", "❝"], ["link", "createLink", "🔗"], ["p", "formatBlock", "¶"]
  ];
  var BLOCKS = { h2: "h2", quote: "blockquote", p: "p" };

  // The browser writes <b> and <i>; the sanitiser keeps <strong> and <em>.
  function html(box) {
    return box.innerHTML
      .replace(/<(\/?)b>/g, "<$1strong>")
      .replace(/<(\/?)i>/g, "<$1em>");
  }

  function setUp(area) {
    var toolbar = document.createElement("div");
    toolbar.className = "rich-text__toolbar";
    toolbar.setAttribute("role", "toolbar");
    var box = document.createElement("div");
    box.className = "rich-text__box";
    box.contentEditable = "true";
    box.setAttribute("role", "textbox");
    box.setAttribute("aria-multiline", "true");
    box.setAttribute("aria-label", area.getAttribute("data-label") || "");
    box.innerHTML = area.value;
    TOOLS.forEach(function (tool) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn--small";
      var label = area.getAttribute("data-label-" + tool[0]) || tool[0];
      // The glyph is what one sees, the label what a screen reader says (its text, not an
      // aria-label that the glyph would contradict); the title shows it on hover.
      var glyph = document.createElement("span");
      glyph.setAttribute("aria-hidden", "true");
      glyph.textContent = tool[2];
      var name = document.createElement("span");
      name.className = "visually-hidden";
      name.textContent = label;
      button.appendChild(glyph);
      button.appendChild(name);
      button.title = label;
      button.dataset.tool = tool[0];
      button.addEventListener("click", function () {
        box.focus();
        var value = null;
        if (tool[0] === "link") {
          value = window.prompt(label, "https://");
          if (!value) { return; }
        } else if (BLOCKS[tool[0]]) {
          value = BLOCKS[tool[0]];
        }
        document.execCommand(tool[1], false, value);
        area.value = html(box);
      });
      toolbar.appendChild(button);
    });
    box.addEventListener("input", function () { area.value = html(box); });
    area.form.addEventListener("submit", function () { area.value = html(box); });
    area.hidden = true;
    area.parentNode.insertBefore(toolbar, area);
    area.parentNode.insertBefore(box, area);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.execCommand("defaultParagraphSeparator", false, "p");
    document.querySelectorAll("textarea[data-rich-text]").forEach(setUp);
  });
})();
