package io.sermonflow.launch;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spring Batch's own bookkeeping commits without waiting for the disk. A step costs about
 * fifteen job-repository commits on PostgreSQL, each waiting for a WAL flush, which made
 * the repository most of a task's cost. Its updates made outside a transaction (marking
 * executions started and ended, their contexts) now commit with
 * {@code synchronous_commit = off}; everything inside a step's chunk transaction (the
 * task's result, its state in our run store) still commits durably, and so does every
 * write of ours.
 * <p>
 * This only matters if the PostgreSQL server itself crashes: then the last few hundred
 * milliseconds of bookkeeping may be lost, never a task's result. A durable commit
 * flushes every earlier one, so what can be lost is only the tail after a run's last
 * durable write, which leaves that run RUNNING in our store, and recovery restarts it
 * from its interrupted task, as after a lost node.
 * {@code SERMONFLOW_BATCH_ASYNC_BOOKKEEPING=false} turns it off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sermonflow.batch.async-bookkeeping", havingValue = "true", matchIfMissing = true)
class AsyncBookkeeping {

	@Bean
	static BeanPostProcessor asyncBatchBookkeeping(ObjectProvider<PlatformTransactionManager> transactions,
			ObjectProvider<JdbcTemplate> jdbc) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				boolean relaxedAlready = Proxy.isProxyClass(bean.getClass())
						&& Proxy.getInvocationHandler(bean) instanceof Relaxed;
				if (bean instanceof JobRepository repository && !relaxedAlready) {
					return Proxy.newProxyInstance(AsyncBookkeeping.class.getClassLoader(),
							new Class<?>[] { JobRepository.class }, new Relaxed(repository, transactions, jdbc));
				}
				return bean;
			}
		};
	}

	/**
	 * Runs the repository's writes that have no transaction of their own in a relaxed
	 * one.
	 */
	static final class Relaxed implements InvocationHandler {

		private final JobRepository target;

		private final ObjectProvider<PlatformTransactionManager> transactions;

		private final ObjectProvider<JdbcTemplate> jdbc;

		private volatile TransactionTemplate template;

		Relaxed(JobRepository target, ObjectProvider<PlatformTransactionManager> transactions,
				ObjectProvider<JdbcTemplate> jdbc) {
			this.target = target;
			this.transactions = transactions;
			this.jdbc = jdbc;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			// creations run in a new transaction of Spring Batch's own (with its
			// isolation
			// for create), so a relaxed one around them would only add an empty commit
			String name = method.getName();
			boolean write = name.startsWith("update") || name.startsWith("delete");
			if (method.getDeclaringClass() == Object.class || !write
					|| TransactionSynchronizationManager.isActualTransactionActive()) {
				return call(method, args);
			}
			TransactionTemplate relaxed = template();
			Object[] result = new Object[1];
			Throwable[] failure = new Throwable[1];
			relaxed.executeWithoutResult((status) -> {
				this.jdbc.getObject().execute("SET LOCAL synchronous_commit = off");
				try {
					result[0] = call(method, args);
				}
				catch (RuntimeException | Error ex) {
					throw ex;
				}
				catch (Throwable ex) {
					failure[0] = ex;
					status.setRollbackOnly();
				}
			});
			if (failure[0] != null) {
				throw failure[0];
			}
			return result[0];
		}

		private Object call(Method method, Object[] args) throws Throwable {
			try {
				return method.invoke(this.target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
		}

		private TransactionTemplate template() {
			TransactionTemplate current = this.template;
			if (current == null) {
				current = new TransactionTemplate(this.transactions.getObject());
				this.template = current;
			}
			return current;
		}

	}

}
