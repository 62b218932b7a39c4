package dev.handoff.app.support;

import io.micronaut.core.annotation.Nullable;
import org.openqa.selenium.Keys;

/** Signing in to the dashboard (`/admin`) in a browser as the bootstrap admin, on a chosen store. */
public final class AdminSignIn {

    private AdminSignIn() {
    }

    /**
     * Signs in as {@code admin@handoff.local}, makes {@code storeId} the dashboard's store and, when
     * {@code route} is given, opens {@code /admin/#/<route>} with that store loaded.
     *
     * @param base  the app's address, e.g. {@code http://127.0.0.1:8080}
     * @param route a dashboard route such as {@code knowledge} or {@code inbox/<id>}, or null to stay where sign-in lands
     */
    public static void signIn(Browser b, String base, String storeId, @Nullable String route) {
        b.go(base + "/admin/");
        b.find("form.login input[name=email]").sendKeys("admin@handoff.local");
        b.find("form.login input[name=password]").sendKeys("handoff-demo", Keys.ENTER);
        b.find("#nav-inbox");
        b.js("localStorage.setItem('handoff:store', arguments[0])", storeId);
        if (route != null) {
            b.go(base + "/admin/#/" + route);
            b.driver().navigate().refresh();
        }
    }
}
