package dev.handoff.app.csat;

import dev.handoff.app.helpcenter.HelpCenter;
import dev.handoff.app.helpcenter.HelpPages;
import dev.handoff.app.platform.Problems;
import jakarta.inject.Singleton;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The public survey page an email links to ({@code /csat/{token}}) and the pages after it, in the store's help center
 * look ({@link HelpPages#shopperPage}: its styles, the store's name and accent colour, readable colours after the
 * contrast rule, a phone's viewport). Everything shown goes in through jsoup's text setters, which escape it.
 */
@Singleton
class CsatPages {

    /** Thumbs up and down as drawn by Feather icons (MIT licence), 24×24 strokes. */
    private static final String THUMB_UP = "M14 9V5a3 3 0 0 0-3-3l-4 9v11h11.28a2 2 0 0 0 2-1.7l1.38-9a2 2 0 0 0-2-2.3zM7 22H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3";
    private static final String THUMB_DOWN = "M10 15v4a3 3 0 0 0 3 3l4-9V2H5.72a2 2 0 0 0-2 1.7l-1.38 9a2 2 0 0 0 2 2.3zm7-13h2.67A2.31 2.31 0 0 1 22 4v7a2.31 2.31 0 0 1-2.33 2H17";

    private final CsatService csat;
    private final HelpCenter help;
    private final HelpPages pages;

    CsatPages(CsatService csat, HelpCenter help, HelpPages pages) {
        this.csat = csat;
        this.help = help;
        this.pages = pages;
    }

    /**
     * @return the survey: an optional comment (up to 2,000 characters) and the two ratings, posted to the page's own
     *         address; or a thank-you when this resolution was rated already or the conversation was reopened since
     */
    String survey(CsatService.Target t) {
        if (t.resolution() != t.conversation().resolutionCount() || !csat.survey(t.conversation()).open()) {
            return message(t, "Thank you", "This conversation has already been rated or reopened.");
        }
        Document d = shell(t, "How did we do?");
        Element section = d.selectFirst("main .content").appendElement("section").addClass("feedback").attr("aria-labelledby", "survey-title");
        section.appendElement("p").attr("id", "survey-title").text("Please rate your conversation with " + storeName(d) + ".");
        Element form = section.appendElement("form").attr("method", "post").addClass("survey");
        form.appendElement("label").attr("for", "comment").text("Anything to add? (optional)");
        form.appendElement("textarea").attr("id", "comment").attr("name", "comment").attr("maxlength", "2000").attr("rows", "4");
        Element choices = form.appendElement("div").addClass("choices").attr("role", "group").attr("aria-label", "Your rating");
        choice(choices, "up", THUMB_UP, "Good");
        choice(choices, "down", THUMB_DOWN, "Bad");
        return d.outerHtml();
    }

    /** A rating button: a drawn thumb (an emoji needs a font the shopper's device may lack) and its word. */
    private static void choice(Element choices, String value, String thumb, String word) {
        Element button = choices.appendElement("button").attr("type", "submit").attr("name", "rating").attr("value", value);
        button.appendElement("svg").attr("aria-hidden", "true").attr("width", "22").attr("height", "22").attr("viewBox", "0 0 24 24")
                .attr("fill", "none").attr("stroke", "currentColor").attr("stroke-width", "2").attr("stroke-linecap", "round")
                .attr("stroke-linejoin", "round").appendElement("path").attr("d", thumb);
        button.appendText(" " + word);
    }

    /**
     * @param heading the page's heading
     * @return a page telling the shopper {@code text} (thanks, or why the rating was not taken) with a link to the help center
     */
    String message(CsatService.Target t, String heading, String text) {
        Document d = shell(t, heading);
        Element section = d.selectFirst("main .content").appendElement("section").addClass("feedback");
        section.appendElement("p").attr("role", "status").text(text);
        section.appendElement("a").attr("href", d.selectFirst("header.site a.brand").attr("href")).text("Visit our help center");
        return d.outerHtml();
    }

    private Document shell(CsatService.Target t, String heading) {
        HelpCenter.Site site = help.site(t.conversation().storeId()).orElseThrow(() -> Problems.notFound("Store"));
        return pages.shopperPage(site, "Rate your conversation – " + site.store().name(), heading);
    }

    private static String storeName(Document d) {
        return d.selectFirst("header.site a.brand").text();
    }
}
