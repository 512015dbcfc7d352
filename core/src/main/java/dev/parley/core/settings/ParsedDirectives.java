package dev.parley.core.settings;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The leading directives of an inbound message (SPEC §4) and what is left of it.
 *
 * <p>When {@code error} is set, nothing may change: {@code directives} is empty, {@code remainingText} is the whole
 * message and {@code directiveOnly} is false; {@code error} is the reply text ({@code isError:true}).
 *
 * @param directives    the valid directives, in message order (a later one for a field wins)
 * @param remainingText the text after them, leading whitespace removed; the whole text when there are none
 * @param directiveOnly true when the message is made only of directives (no message is appended, no turn queued)
 * @param error         a reply-ready error text, or null when every directive is valid
 */
public record ParsedDirectives(List<Directive> directives, String remainingText, boolean directiveOnly,
                               String error) {

    public ParsedDirectives {
        directives = List.copyOf(directives);
        requireNonNull(remainingText, "remainingText is null");
        if (error != null && (!directives.isEmpty() || directiveOnly)) {
            throw new IllegalArgumentException("an invalid message carries no directives");
        }
    }

    static ParsedDirectives failed(String text, String error) {
        return new ParsedDirectives(List.of(), text, false, requireNonNull(error, "error is null"));
    }

    /** True when the message starts with at least one valid directive. */
    public boolean hasDirectives() {
        return !directives.isEmpty();
    }

    /**
     * The reply: the error text when there is one, else one acknowledgement per changed field (the last value
     * when a field is set twice), e.g. {@code Thinking level set to high. Model set to openai/gpt-4o.}.
     */
    public String replyText() {
        if (error != null) {
            return error;
        }
        Map<SettingField, Directive> last = new LinkedHashMap<>();
        directives.forEach(d -> last.put(d.field(), d));
        return String.join(" ", last.values().stream().map(Directive::acknowledgement).toList());
    }
}
