package dev.handoff.channels.mail;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeVisitor;

import java.util.Set;

/**
 * HTML email bodies, with jsoup: a sanitised copy safe to show in the dashboard, and readable text.
 */
public final class HtmlText {

    /** Attribute a remote image's address is moved to, so it loads only when an agent consents. */
    public static final String REMOTE_SRC = "data-remote-src";

    private static final Safelist SAFELIST = Safelist.relaxed()
            .removeProtocols("img", "src", "http", "https")
            .addProtocols("img", "src", "cid", "data")
            .addAttributes("img", REMOTE_SRC)
            .addAttributes(":all", "style", "dir")
            .addTags("center", "font", "hr")
            .addAttributes("font", "color", "size", "face")
            .addAttributes("a", "target")
            .addEnforcedAttribute("a", "rel", "noopener noreferrer nofollow");

    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6",
            "blockquote", "pre", "table", "ul", "ol", "hr", "section", "article", "header", "footer");

    private HtmlText() {
    }

    /**
     * @return {@code html} with jsoup's relaxed safelist: no scripts, styles sheets, forms, frames or event
     *         handlers; remote images keep their address in {@value #REMOTE_SRC} instead of {@code src}
     */
    public static String sanitise(String html) {
        Document dirty = Jsoup.parse(html);
        for (Element img : dirty.select("img[src]")) {
            String src = img.attr("src").strip();
            if (src.regionMatches(true, 0, "http", 0, 4) || src.startsWith("//")) {
                img.attr(REMOTE_SRC, src);
                img.removeAttr("src");
            }
        }
        Document clean = new Cleaner(SAFELIST).clean(dirty);
        clean.outputSettings().prettyPrint(false);
        return clean.body().html();
    }

    /** @return the readable text of {@code html}: blocks and {@code <br>} become line breaks, entities decoded */
    public static String toText(String html) {
        Document doc = Jsoup.parse(html);
        doc.select("script, style, head, title").remove();
        StringBuilder out = new StringBuilder();
        doc.body().traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    out.append(t.getWholeText().replaceAll("[ \\t\\r\\n\\u00a0]+", " "));
                } else if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                    newline(out);
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && BLOCKS.contains(e.normalName()) && !"br".equals(e.normalName())) {
                    newline(out);
                }
            }
        });
        return out.toString().replaceAll("(?m)[ \\t]+$", "").replaceAll("(?m)^[ \\t]+", "").replaceAll("\\n{3,}", "\n\n").strip();
    }

    /** @return {@code html} without the quoted history mail clients mark (Gmail, Outlook, Apple Mail, Thunderbird) */
    public static String withoutQuotes(String html) {
        Document doc = Jsoup.parse(html);
        doc.select("blockquote, div.gmail_quote, div.gmail_extra, #divRplyFwdMsg, div#appendonsend, div.moz-cite-prefix, "
                + "div.yahoo_quoted, div.OutlookMessageHeader").remove();
        Element outlook = doc.selectFirst("#divRplyFwdMsg, hr#stopSpelling");
        if (outlook != null) {
            outlook.remove();
        }
        return doc.body().html();
    }

    private static void newline(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }
}
