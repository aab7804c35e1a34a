// Passkeys in the console (WebAuthn), a file of its own (the Content-Security-Policy allows no inline script) and
// no build step. Registration: the server renders a form carrying the creation options; this asks the browser's
// authenticator and posts the answer with that form. Sign-in: a button asks Kagi for request options, signs with
// the authenticator and posts the answer with the sign-in form (beside the password) as its "passkey".
(() => {
    const toBytes = (text) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
    const toText = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const descriptors = (list) => (list || []).map((d) => ({ ...d, id: toBytes(d.id) }));
    // The server writes absent members as null; WebAuthn's dictionaries refuse null where an enum or a string is
    // expected (authenticatorAttachment, for one), so they are dropped.
    const withoutNulls = (value) => {
        if (Array.isArray(value)) {
            return value.map(withoutNulls);
        }

        if (value && typeof value === "object") {
            return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
        }

        return value;
    };

    const fail = (element) => {
        const note = document.createElement("p");
        note.className = "problem";
        note.setAttribute("role", "alert");
        note.textContent = element.dataset.passkeyFailed || "";
        element.insertAdjacentElement("afterend", note);
    };

    const register = async (form) => {
        if (form.dataset.started) {
            return;
        }

        form.dataset.started = "true";
        const options = withoutNulls(JSON.parse(form.dataset.passkeyCreate));
        options.challenge = toBytes(options.challenge);
        options.user = { ...options.user, id: toBytes(options.user.id) };
        options.excludeCredentials = descriptors(options.excludeCredentials);
        try {
            const credential = await navigator.credentials.create({ publicKey: options });
            form.querySelector("[data-passkey-answer]").value = JSON.stringify({
                id: credential.id,
                rawId: toText(credential.rawId),
                type: credential.type,
                response: {
                    clientDataJSON: toText(credential.response.clientDataJSON),
                    attestationObject: toText(credential.response.attestationObject),
                    transports: credential.response.getTransports ? credential.response.getTransports() : [],
                },
                clientExtensionResults: credential.getClientExtensionResults(),
            });
            form.requestSubmit();
        } catch {
            fail(form);
        }
    };

    const signIn = async (button) => {
        const form = button.closest("form");
        if (!form.reportValidity()) {
            return;
        }

        const username = form.querySelector("#username").value.trim().toLowerCase();
        try {
            const answer = await fetch(`/api/t/${button.dataset.passkeySignIn}/auth/passkey/options`, {
                method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username }),
            });
            if (!answer.ok) {
                throw new Error(String(answer.status));
            }

            const options = withoutNulls(await answer.json());
            options.challenge = toBytes(options.challenge);
            options.allowCredentials = descriptors(options.allowCredentials);
            const credential = await navigator.credentials.get({ publicKey: options });
            form.querySelector("[data-passkey-answer]").value = JSON.stringify({
                id: credential.id,
                rawId: toText(credential.rawId),
                type: credential.type,
                response: {
                    clientDataJSON: toText(credential.response.clientDataJSON),
                    authenticatorData: toText(credential.response.authenticatorData),
                    signature: toText(credential.response.signature),
                    userHandle: credential.response.userHandle ? toText(credential.response.userHandle) : null,
                },
                clientExtensionResults: credential.getClientExtensionResults(),
            });
            form.requestSubmit();
        } catch {
            fail(button);
        }
    };

    document.addEventListener("click", (event) => {
        const button = event.target.closest("[data-passkey-sign-in]");
        if (button) {
            event.preventDefault();
            signIn(button);
        }
    });

    const wire = () => document.querySelectorAll("[data-passkey-create]").forEach(register);
    document.addEventListener("DOMContentLoaded", wire);
    if (window.Blazor) {
        window.Blazor.addEventListener("enhancedload", wire);
    }
    wire();
})();
