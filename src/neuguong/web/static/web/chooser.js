// Unit and person choosers: a <select data-chooser="/choose/<source>/"> becomes an ARIA combobox
// (WAI-ARIA 1.2 pattern: text input, listbox, aria-activedescendant) searching the server as one
// types. The select stays in the form, hidden, and carries the chosen value; without JavaScript
// it works on its own with the options it holds.
(() => {
  const DELAY_MS = 150;
  let counter = 0;

  function cleanLabel(option) {
    return option.textContent.replace(/^(— )+/, "").trim();
  }

  function enhance(select) {
    if (select.closest(".chooser")) return;
    counter += 1;
    const id = select.id || `chooser-${counter}`;
    const wrapper = document.createElement("div");
    wrapper.className = "chooser";
    const input = document.createElement("input");
    const list = document.createElement("ul");
    input.type = "text";
    input.id = id;
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = select.dataset.placeholder || "";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", `${id}-listbox`);
    for (const name of ["aria-describedby", "aria-invalid", "required"]) {
      if (select.hasAttribute(name)) input.setAttribute(name, select.getAttribute(name));
    }
    list.id = `${id}-listbox`;
    list.className = "chooser-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    select.id = `${id}-value`;
    select.hidden = true;
    select.tabIndex = -1;
    select.before(wrapper);
    wrapper.append(input, list, select);

    const emptyOption = [...select.options].find((option) => option.value === "");
    const chosenLabel = () => {
      const option = select.selectedOptions[0];
      return option && option.value ? cleanLabel(option) : "";
    };
    input.value = chosenLabel();
    if (emptyOption) input.placeholder = cleanLabel(emptyOption);

    let options = [];
    let active = -1;
    let timer = null;
    let request = 0;

    function setActive(index) {
      options.forEach((item, i) => item.setAttribute("aria-selected", i === index ? "true" : "false"));
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function addOption(value, label, index) {
      const item = document.createElement("li");
      item.id = `${id}-option-${index}`;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.value = value;
      item.textContent = label;
      list.append(item);
      options.push(item);
    }

    function render(results, query) {
      list.replaceChildren();
      options = [];
      if (emptyOption && !query) addOption("", cleanLabel(emptyOption), 0);
      let group = null;
      for (const result of results) {
        if (result.group && result.group !== group) {
          group = result.group;
          const heading = document.createElement("li");
          heading.setAttribute("role", "presentation");
          heading.className = "chooser-group";
          heading.textContent = group;
          list.append(heading);
        }
        addOption(String(result.id), result.label, options.length);
      }
      if (!options.length) {
        const none = document.createElement("li");
        none.setAttribute("role", "presentation");
        none.className = "chooser-none";
        none.textContent = select.dataset.noMatch || "";
        list.append(none);
      }
      open();
      setActive(options.length && query ? 0 : -1);
    }

    async function search() {
      const query = input.value.trim();
      const url = new URL(select.dataset.chooser, window.location.href);
      url.searchParams.set("q", query);
      request += 1;
      const mine = request;
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok || mine !== request) return;
      const data = await response.json();
      if (mine === request && document.activeElement === input) render(data.results, query);
    }

    function choose(item) {
      const value = item.dataset.value;
      let option = [...select.options].find((o) => o.value === value);
      if (!option) {
        option = new Option(item.textContent, value);
        select.add(option);
      }
      if (value) option.textContent = item.textContent;
      select.value = value;
      input.value = value ? item.textContent : "";
      close();
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, DELAY_MS);
    });
    input.addEventListener("focus", () => {
      if (list.hidden) search();
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) {
          search();
          return;
        }
        if (!options.length) return;
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActive((active + step + options.length) % options.length);
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        choose(options[active]);
      } else if (event.key === "Escape" && (!list.hidden || input.value !== chosenLabel())) {
        event.preventDefault();
        clearTimeout(timer);
        request += 1; // a search still on its way is dropped
        input.value = chosenLabel();
        close();
      }
    });
    list.addEventListener("mousedown", (event) => {
      const item = event.target.closest("[role=option]");
      if (item) {
        event.preventDefault();
        choose(item);
      }
    });
    input.addEventListener("blur", () => {
      if (!input.value.trim() && emptyOption) select.value = "";
      input.value = chosenLabel();
      close();
    });
  }

  function enhanceAll(root) {
    root.querySelectorAll("select[data-chooser]").forEach(enhance);
  }

  document.addEventListener("DOMContentLoaded", () => enhanceAll(document));
  document.addEventListener("htmx:afterSwap", (event) => enhanceAll(event.target));
})();
