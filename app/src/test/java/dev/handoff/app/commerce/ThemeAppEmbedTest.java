package dev.handoff.app.commerce;

import dev.handoff.app.support.Api;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Shopify theme app embed: a body-target block whose settings are the ones its markup uses. */
class ThemeAppEmbedTest {

    @Test
    void theAppEmbedBlockLoadsTheWidgetWithItsOwnSettings() throws Exception {
        String liquid = Files.readString(Path.of("..", "shopify", "extensions", "handoff-chat", "blocks", "handoff-chat.liquid"));
        Matcher schema = Pattern.compile("\\{% schema %}(.*)\\{% endschema %}", Pattern.DOTALL).matcher(liquid);
        assertTrue(schema.find());
        JsonNode json = Api.JSON.readTree(schema.group(1));
        assertEquals("body", json.get("target").asText(), "an app embed block");
        Set<String> declared = new HashSet<>();
        json.get("settings").forEach(s -> declared.add(s.get("id").asText()));
        Matcher used = Pattern.compile("block\\.settings\\.(\\w+)").matcher(liquid);
        Set<String> referenced = new HashSet<>();
        while (used.find()) {
            referenced.add(used.group(1));
        }
        assertEquals(declared, referenced);
        assertTrue(liquid.contains("/widget.js") && liquid.contains("data-widget-key=\"{{ block.settings.widget_key | escape }}\""));
    }

    @Test
    void theHelpBlockSearchesAndLinksTheHelpCenter() throws Exception {
        String liquid = Files.readString(Path.of("..", "shopify", "extensions", "handoff-chat", "blocks", "handoff-help.liquid"));
        Matcher schema = Pattern.compile("\\{% schema %}(.*)\\{% endschema %}", Pattern.DOTALL).matcher(liquid);
        assertTrue(schema.find());
        JsonNode json = Api.JSON.readTree(schema.group(1));
        assertEquals("section", json.get("target").asText(), "an app block for a page's section");
        Set<String> declared = new HashSet<>();
        json.get("settings").forEach(s -> declared.add(s.get("id").asText()));
        Matcher used = Pattern.compile("block\\.settings\\.(\\w+)").matcher(liquid);
        Set<String> referenced = new HashSet<>();
        while (used.find()) {
            referenced.add(used.group(1));
        }
        assertEquals(declared, referenced);
        assertTrue(liquid.contains("append: '/help/' | append: block.settings.widget_key"), "the help center of the store's widget key");
        assertTrue(liquid.contains("<form action=\"{{ help_url | escape }}\" method=\"get\"") && liquid.contains("name=\"q\""),
                "a search form that works without scripts");
        assertTrue(liquid.contains("{{ block.settings.heading | escape }}"));
    }
}
