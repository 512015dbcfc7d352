package dev.parley.app.rpc;

import static dev.parley.app.rpc.ParamSpec.optional;
import static dev.parley.app.rpc.ParamSpec.required;
import static dev.parley.app.rpc.ParamType.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.compaction.CompactOutcome;
import dev.parley.core.compaction.ContextView;
import dev.parley.core.compaction.registry.Strategies;
import dev.parley.core.compaction.registry.StrategyInfo;
import dev.parley.core.error.ParleyException;
import dev.parley.core.session.SessionService;
import dev.parley.core.tools.SessionStatus;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The context and compaction methods (SPEC §5, §6, §9 {@code session_status}): {@code sessions.context},
 * {@code sessions.compact}, {@code sessions.status} and {@code compaction.strategies}. The edge checks what it
 * owns (types, sizes, that a requested strategy exists); core judges keys and runs the compaction.
 */
@ApplicationScoped
public class CompactionMethods implements MethodGroup {

    /** {@code sessions.compact instructions}: the longest focus text, in characters. */
    static final int MAX_INSTRUCTIONS = 4000;

    private final SessionService sessions;

    @Inject
    public CompactionMethods(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<RpcMethod> methods() {
        return List.of(
                RpcMethod.of("sessions.context", List.of(required("sessionKey", STRING)),
                        p -> sessions.context(p.string("sessionKey")).map(CompactionMethods::context)),
                RpcMethod.of("sessions.compact", List.of(required("sessionKey", STRING),
                        optional("instructions", STRING), optional("strategy", STRING)), this::compact),
                RpcMethod.of("sessions.status", List.of(required("sessionKey", STRING)), this::status),
                RpcMethod.of("compaction.strategies", List.of(),
                        p -> Uni.createFrom().item(() -> strategies(sessions.strategies()))));
    }

    private Uni<JsonNode> compact(Params p) {
        String instructions = p.string("instructions");
        if (instructions != null && instructions.length() > MAX_INSTRUCTIONS) {
            throw ParleyException.invalidParams("instructions",
                    "'instructions' must be at most " + MAX_INSTRUCTIONS + " characters");
        }
        if (instructions != null && instructions.isBlank()) {
            instructions = null;
        }
        String strategy = p.string("strategy");
        if (strategy != null) {
            List<String> compactors = sessions.strategies().compactors().stream().map(StrategyInfo::name).toList();
            if (!compactors.contains(strategy)) {
                throw ParleyException.invalidParams("strategy", "no compactor named '" + strategy
                        + "'; available: " + String.join(", ", compactors));
            }
        }
        return sessions.compact(p.string("sessionKey"), instructions, strategy).map(CompactionMethods::compacted);
    }

    /** {@code sessions.status}: core's {@link SessionStatus} (the lock probe runs on the worker pool). */
    private Uni<JsonNode> status(Params p) {
        return SessionStatus.of(sessions, p.string("sessionKey"), Infrastructure.getDefaultWorkerPool())
                .map(JsonNode.class::cast);
    }

    private static JsonNode context(ContextView v) {
        return v.toJson();
    }

    private static JsonNode compacted(CompactOutcome o) {
        ObjectNode result = Json.object()
                .put("compacted", o.compacted())
                .put("turnsRemoved", o.turnsRemoved())
                .put("tokensBefore", o.tokensBefore())
                .put("tokensAfter", o.tokensAfter());
        if (o.reason() != null) {
            result.put("reason", o.reason());
        }
        if (o.strategy() != null) {
            result.put("strategy", o.strategy());
        }
        return result;
    }

    private static JsonNode strategies(Strategies s) {
        ObjectNode result = Json.object();
        infos(result.putArray("compactors"), s.compactors());
        infos(result.putArray("summarizers"), s.summarizers());
        infos(result.putArray("estimators"), s.estimators());
        return result;
    }

    private static void infos(ArrayNode out, List<StrategyInfo> infos) {
        for (StrategyInfo i : infos) {
            out.addObject().put("name", i.name()).put("description", i.description()).put("source", i.source());
        }
    }
}
