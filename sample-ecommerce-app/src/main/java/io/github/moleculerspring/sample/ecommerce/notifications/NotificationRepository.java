package io.github.moleculerspring.sample.ecommerce.notifications;

import java.util.List;

import org.springframework.data.repository.ListCrudRepository;

/**
 * Spring Data JDBC repository of the {@code notification} table, used only by
 * {@link NotificationsService}.
 */
public interface NotificationRepository extends ListCrudRepository<Notification, String> {

	/**
	 * The notifications of a user, oldest first.
	 * @param userId the user
	 * @return the notifications
	 */
	List<Notification> findByUserIdOrderByCreatedAtAscIdAsc(String userId);

	/**
	 * All notifications, oldest first.
	 * @return the notifications
	 */
	List<Notification> findAllByOrderByCreatedAtAscIdAsc();

}
