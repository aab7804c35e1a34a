// The console's only script, a file (the Content-Security-Policy allows no inline script). It shows,
// copies and, after a while, removes a checked-out password. Pages work without it: the password
// field is then simply a hidden field the reader can select.
(() => {
    const hideLater = (section) => {
        if (section.dataset.armed) {
            return;
        }

        section.dataset.armed = "true";
        const seconds = Number(section.dataset.secretSeconds || "60");
        window.setTimeout(() => {
            // Remove the password from the page, not only from view.
            section.querySelectorAll("[data-secret]").forEach((input) => { input.value = ""; input.remove(); });
            section.querySelectorAll("[data-reveal],[data-copy]").forEach((button) => button.remove());
            const note = document.createElement("p");
            note.className = "hint";
            note.textContent = section.dataset.hiddenText || "";
            section.appendChild(note);
        }, seconds * 1000);
    };

    const wire = () => document.querySelectorAll("[data-secret-seconds]").forEach(hideLater);

    document.addEventListener("click", async (event) => {
        const reveal = event.target.closest("[data-reveal]");
        if (reveal) {
            const input = document.getElementById(reveal.dataset.reveal);
            if (input) {
                const show = input.type === "password";
                input.type = show ? "text" : "password";
                reveal.textContent = show ? reveal.dataset.hideText : reveal.dataset.showText;
            }
        }

        const copy = event.target.closest("[data-copy]");
        if (copy) {
            const input = document.getElementById(copy.dataset.copy);
            if (input && navigator.clipboard) {
                await navigator.clipboard.writeText(input.value);
                copy.textContent = copy.dataset.copiedText;
            }
        }
    });

    document.addEventListener("DOMContentLoaded", wire);
    // Enhanced navigation and forms patch the page without loading it again.
    if (window.Blazor) {
        window.Blazor.addEventListener("enhancedload", wire);
    }
    wire();
})();

// The lease countdown on a checked-out request. The server wrote how many seconds were left when it
// answered (its clock is the truth); this counts down from that number by the time elapsed on this
// page, so a wrong clock on the reader's machine changes nothing.
(() => {
    const format = (seconds) => {
        const h = Math.floor(seconds / 3600);
        const m = Math.floor((seconds % 3600) / 60);
        const s = seconds % 60;
        return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
    };

    const start = (element) => {
        if (element.dataset.armed) {
            return;
        }

        element.dataset.armed = "true";
        const left = Number(element.dataset.countdownSeconds || "0");
        const shownAt = Date.now();
        const tick = () => {
            const remaining = Math.max(0, left - Math.floor((Date.now() - shownAt) / 1000));
            element.textContent = remaining > 0 ? format(remaining) : element.dataset.expiredText || format(0);
            if (remaining > 0 && element.isConnected) {
                window.setTimeout(tick, 1000);
            }
        };
        tick();
    };

    const wire = () => document.querySelectorAll("[data-countdown-seconds]").forEach(start);
    document.addEventListener("DOMContentLoaded", wire);
    if (window.Blazor) {
        window.Blazor.addEventListener("enhancedload", wire);
    }
    wire();
})();
