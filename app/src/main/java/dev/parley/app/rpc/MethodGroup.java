package dev.parley.app.rpc;

import java.util.List;

/**
 * A CDI bean contributing methods to the RPC table (and so to the REST routes that reuse them). Later issues add
 * a group instead of editing the dispatcher.
 */
public interface MethodGroup {
    List<RpcMethod> methods();
}
