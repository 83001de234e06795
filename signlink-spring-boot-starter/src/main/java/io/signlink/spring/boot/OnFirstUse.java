package io.signlink.spring.boot;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;

/**
 * An interface bean whose calls go to SignLink's part once the runtime is open: the application can
 * inject {@code ConnectionStore} or {@code ApplicationStore} into any bean without SignLink opening
 * in the start; the first call opens it (or waits for the background opening) and every call goes
 * to the runtime's own object. Stateless.
 */
final class OnFirstUse {
  private OnFirstUse() {}

  static <T> T of(Class<T> type, Supplier<T> target) {
    String description = type.getSimpleName() + " (SignLink's, opened on first use)";
    Object proxy =
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (self, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return objectMethod(self, method, args, description);
              }
              try {
                return method.invoke(target.get(), args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
    return type.cast(proxy);
  }

  private static Object objectMethod(Object self, Method method, Object[] args, String text) {
    return switch (method.getName()) {
      case "equals" -> self == args[0];
      case "hashCode" -> System.identityHashCode(self);
      default -> text; // toString: opens nothing
    };
  }
}
